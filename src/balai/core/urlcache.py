# SPDX-License-Identifier: EUPL-1.2
"""``reverse()`` of argument-less URL names, resolved once per process and language.

Every page's layout links to the same dozen pages (home, about, log in, the apps'
entry points); resolving each with ``reverse()`` on every request was a tenth of a
page's time. Their paths change only with the URLconf, the script prefix or the
active language (i18n URL prefixes), which together form the cache key; a change of
``ROOT_URLCONF`` (tests' ``override_settings``) empties it.
"""

from __future__ import annotations

import threading
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_lock = threading.Lock()
_paths: dict[tuple[str, str, str | None, Any], str] = {}


Scope = tuple[str, str | None, Any]


def current_scope() -> Scope:
    """What the paths depend on: script prefix, language and URLconf (each read from
    a context-local, so a caller resolving many names reads them once)."""
    return (get_script_prefix(), get_language(), get_urlconf())


def cached_reverse(name: str, scope: Scope | None = None) -> str:
    """``reverse(name)`` for a URL name without arguments, cached (NoReverseMatch
    propagates and is not cached). ``scope`` from ``current_scope()`` may be given
    by a caller resolving several names."""
    key = (name, *(scope or current_scope()))
    found = _paths.get(key)
    if found is None:
        found = reverse(name)
        with _lock:
            _paths[key] = found
    return found


def clear() -> None:
    with _lock:
        _paths.clear()


@receiver(setting_changed)
def _urlconf_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "FORCE_SCRIPT_NAME"}:
        clear()
