# SPDX-License-Identifier: EUPL-1.2
"""Every message template of every app: both languages, a subject line, and it
renders with nothing in the context (no stray tag, no missing filter library)."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps

import pytest

from balai.notifications.rendering import TEMPLATE_DIR, render_message


def _keys() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for config in apps.get_app_configs():
        folder = Path(config.path) / "templates" / TEMPLATE_DIR
        for path in folder.glob("*.txt"):
            key, language, _ext = path.name.rsplit(".", 2)
            found.setdefault(key, set()).add(language)
    return found


KEYS = _keys()


def test_the_apps_ship_their_messages():
    for key in ("cases_submit", "report_received", "correction_claimed"):
        assert key in KEYS
    assert "security_alert" in KEYS


@pytest.mark.parametrize("key", sorted(KEYS))
def test_every_message_exists_in_indonesian_and_english(key):
    assert KEYS[key] == {"id", "en"}


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("key", sorted(KEYS))
def test_every_message_renders_a_subject(key, language):
    context = {"subject": "Generic"} if key == "generic" else {}
    rendered = render_message(template=key, context=context, language=language)
    assert rendered.language == language
    assert rendered.subject
    assert "{%" not in rendered.body and "{{" not in rendered.body
