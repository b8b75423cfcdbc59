# SPDX-License-Identifier: EUPL-1.2
"""Each report's encoded list entry, kept per process and per list generation.

A list answer is the page's entries joined: a JSON object or an XML ``<request>``
per report, which depends only on the report (its row, photos and public notes),
the format, the language, ``extensions`` and the photo URLs' base (scheme, host,
script prefix). So the fast path (``lists._build``) reads only the page's keys from
the covering index and encodes the reports it has not encoded yet; the others are
joined from here. Building and encoding a row was three quarters of a 1,000-row
answer's cost.

Entries belong to one list generation (``lists.generation``), which
``reports.receivers`` moves on every saved or deleted report, photo, note or
category or agency: the first request that sees a new generation drops them all.
Writes that bypass signals (``QuerySet.update``) are covered by a lifetime: the
store starts afresh ``OPEN311_ROW_CACHE_SECONDS`` after it was started. At most
``OPEN311_ROW_CACHE_SIZE`` entries are kept per process (0 turns it off); past that
the store starts afresh too.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.conf import settings

Variant = tuple[Any, ...]

_lock = threading.Lock()
_generation: int | None = None
_started = 0.0
_entries: dict[Variant, dict[str, str]] = {}
_size = 0


def limit() -> int:
    return int(getattr(settings, "OPEN311_ROW_CACHE_SIZE", 0) or 0)


def _lifetime() -> float:
    return float(getattr(settings, "OPEN311_ROW_CACHE_SECONDS", 300) or 0)


def entries(generation: int, variant: Variant) -> dict[str, str]:
    """The kept entries of ``variant`` in ``generation`` (public id -> text); a
    newer generation empties the store first. Read-only for callers: use ``keep``."""
    global _generation, _size, _started
    now = time.monotonic()
    if generation != _generation or now - _started > _lifetime():
        with _lock:
            if generation != _generation or now - _started > _lifetime():
                _entries.clear()
                _size = 0
                _generation = generation
                _started = now
    found = _entries.get(variant)
    return found if found is not None else {}


def keep(generation: int, variant: Variant, encoded: dict[str, str]) -> None:
    """Add entries encoded under ``generation`` (dropped if it is no longer current)."""
    global _size
    most = limit()
    if most <= 0 or not encoded:
        return
    with _lock:
        if generation != _generation:
            return
        if _size + len(encoded) > most:
            _entries.clear()
            _size = 0
        store = _entries.setdefault(variant, {})
        before = len(store)
        store.update(encoded)
        _size += len(store) - before


def clear() -> None:
    global _generation, _size
    with _lock:
        _entries.clear()
        _size = 0
        _generation = None


def size() -> int:
    return _size
