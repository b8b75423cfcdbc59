# SPDX-License-Identifier: EUPL-1.2
"""WhiteNoise's static-file scan is shared by the test clients of a process
(balai.core.testing.static), and static files are still served through it."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

import pytest
from whitenoise.middleware import WhiteNoiseMiddleware


def _counting_finders(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    original = finders.get_finders

    def get_finders():  # type: ignore[no-untyped-def]
        calls.append(1)
        return original()

    monkeypatch.setattr(finders, "get_finders", get_finders)
    return calls


def test_a_second_middleware_does_not_scan_again(monkeypatch):
    first = WhiteNoiseMiddleware(lambda request: None)
    calls = _counting_finders(monkeypatch)
    second = WhiteNoiseMiddleware(lambda request: None)
    assert calls == []
    assert first.files and second.files.keys() == first.files.keys()


def test_other_whitenoise_settings_scan_afresh(monkeypatch, settings):
    WhiteNoiseMiddleware(lambda request: None)
    calls = _counting_finders(monkeypatch)
    settings.WHITENOISE_MAX_AGE = 7
    changed = WhiteNoiseMiddleware(lambda request: None)
    assert calls == [1]
    any_file = next(iter(changed.files.values()))
    assert "max-age=7" in str(any_file.alternatives)


def test_static_files_are_still_served_by_whitenoise(client):
    static = Path(settings.STATICFILES_DIRS[0])
    sample = next(p for p in sorted(static.rglob("*.css")) if p.is_file())
    url = settings.STATIC_URL + sample.relative_to(static).as_posix()
    for _ in range(2):  # a fresh client each time: the second one uses the scan
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == sample.read_bytes()
        assert "max-age" in response["Cache-Control"]
        client = type(client)()
