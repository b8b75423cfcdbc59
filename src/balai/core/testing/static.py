# SPDX-License-Identifier: EUPL-1.2
"""WhiteNoise's static-file scan done once per test process, not once per client.

Django's test ``Client`` builds its own middleware chain, so every test's client
creates a ``WhiteNoiseMiddleware``, which lists and stats every static file through
the finders (``WHITENOISE_USE_FINDERS`` outside production): about a third of an
access-matrix request's CPU time. The scan's result depends only on the settings
below and the files on disk, which tests do not change; so the first middleware of
a process scans and later ones with the same settings take the same entries. The
request path is untouched: every static request is still answered by WhiteNoise
from those entries, with the headers the settings give.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings

from whitenoise.middleware import WhiteNoiseMiddleware  # type: ignore[import-untyped]

# The settings the scan (and the responses it prepares) depends on.
SCAN_SETTINGS = (
    "DEBUG",
    "INSTALLED_APPS",
    "STATIC_URL",
    "STATIC_ROOT",
    "STATICFILES_DIRS",
    "STATICFILES_FINDERS",
    "FORCE_SCRIPT_NAME",
)

_scans: dict[str, dict[str, Any]] = {}


def scan_key(middleware: WhiteNoiseMiddleware) -> str:
    names = sorted(
        {*SCAN_SETTINGS, *(n for n in dir(settings) if n.startswith("WHITENOISE_"))}
    )
    values = [(name, repr(getattr(settings, name, None))) for name in names]
    return repr((middleware.static_prefix, values))


def _scanned_once(original: Callable[[WhiteNoiseMiddleware], None]) -> Any:
    def add_files_from_finders(self: WhiteNoiseMiddleware) -> None:
        key = scan_key(self)
        files = _scans.get(key)
        if files is None:
            original(self)
            _scans[key] = dict(self.files)
        else:
            self.files.update(files)

    return add_files_from_finders


@contextmanager
def static_scan_once() -> Iterator[None]:
    """While active, WhiteNoise middlewares share one scan per settings."""
    original = WhiteNoiseMiddleware.add_files_from_finders
    WhiteNoiseMiddleware.add_files_from_finders = _scanned_once(original)
    try:
        yield
    finally:
        WhiteNoiseMiddleware.add_files_from_finders = original
        _scans.clear()
