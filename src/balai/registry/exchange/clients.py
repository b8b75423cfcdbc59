# SPDX-License-Identifier: EUPL-1.2
"""Resolved API clients, cached per process for a few seconds.

Every exchange call names its client; resolving it (client, agreement, agency: one
joined query) was a noticeable share of a lookup. The resolved client is kept in this
process for ``REGISTRY_CLIENT_CACHE_SECONDS`` and dropped at once when a client,
agreement or agency is saved (``receivers``), in this process directly and in the
others through a generation number in the shared cache. The secret is never cached
as a result: its digest is compared in constant time on every call.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache

from balai.registry.exchange.models import ApiClient

GENERATION_KEY = "registry:exchange:clients"
_local = threading.local()
_entries: dict[str, tuple[float, int, ApiClient]] = {}
_lock = threading.Lock()


def _generation() -> int:
    # A missing key (new or emptied cache, eviction) starts from the clock, never
    # from a value an older entry may carry.
    found = cache.get(GENERATION_KEY)
    if found is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        found = cache.get(GENERATION_KEY, 0)
    return int(found)


def forget_all() -> None:
    """Drop every resolved client here, and make the other processes drop theirs."""
    with _lock:
        _entries.clear()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def client_for(client_id: str) -> ApiClient | None:
    """The client with its agreement and agency, from this process when fresh."""
    seconds = float(getattr(settings, "REGISTRY_CLIENT_CACHE_SECONDS", 0) or 0)
    if seconds <= 0:
        return _load(client_id)
    now, generation = time.monotonic(), _generation()
    found = _entries.get(client_id)
    if found is not None:
        expires, seen_generation, client = found
        if now < expires and seen_generation == generation:
            return client
    loaded = _load(client_id)
    if loaded is not None:
        with _lock:
            _entries[client_id] = (now + seconds, generation, loaded)
    return loaded


def _load(client_id: str) -> ApiClient | None:
    return (
        ApiClient.objects.select_related("agreement", "agency")
        .filter(client_id=client_id)
        .first()
    )


def forget_on_change(sender: Any, **kwargs: Any) -> None:
    """Signal receiver: a client, agreement or agency changed."""
    from django.db import transaction

    forget_all()  # now, and once the change is visible to the other processes
    transaction.on_commit(forget_all)
