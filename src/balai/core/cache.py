# SPDX-License-Identifier: EUPL-1.2
"""Redis cache that degrades instead of failing when Redis is down.

The cache holds rate-limit counters, the log-in delay, cached pages and the front of
the sessions (``cached_db``: the database keeps them). If Redis stops answering, every
operation falls back to a per-process memory cache: the site keeps working, rate
limits still apply but per process (degraded: each gunicorn worker counts alone),
sessions are read from the database. The first failure logs an alarm
(``cache_unavailable``, level ERROR) and counts ``balai_faults_total{kind="cache"}``;
Redis is then left alone for ``RETRY_SECONDS`` before it is tried again, so a dead
server costs one connect timeout per process and period, not one per request. When
it answers again, ``cache_recovered`` is logged.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("balai.cache")

T = TypeVar("T")
RETRY_SECONDS = 5.0
DEFAULT_TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


def _redis_errors() -> tuple[type[BaseException], ...]:
    import redis.exceptions

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class ResilientRedisCache(RedisCache):
    """``RedisCache`` with a per-process memory fallback while Redis is down."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        params = dict(params)
        params["OPTIONS"] = {**DEFAULT_TIMEOUTS, **(params.get("OPTIONS") or {})}
        super().__init__(server, params)
        self._fallback = LocMemCache(f"balai-fallback-{id(self)}", {})
        self._down_until = 0.0
        self._degraded = False
        self._lock = threading.Lock()
        self._errors = _redis_errors()

    @property
    def degraded(self) -> bool:
        """True while this process serves the cache from memory."""
        return self._degraded

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() < self._down_until:
            return getattr(self._fallback, name)(*args, **kwargs)
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except self._errors as exc:
            self._went_down(exc)
            return getattr(self._fallback, name)(*args, **kwargs)
        if self._degraded:
            with self._lock:
                if self._degraded:
                    self._degraded = False
                    logger.warning("cache_recovered backend=redis")
        return result

    def _went_down(self, exc: BaseException) -> None:
        with self._lock:
            self._down_until = time.monotonic() + RETRY_SECONDS
            if self._degraded:
                return
            self._degraded = True
        logger.error(
            "cache_unavailable backend=redis error=%s: rate limits are per process "
            "and sessions are read from the database until Redis answers",
            type(exc).__name__,
        )
        from balai.core import metrics

        metrics.record_fault("cache")


def _wrap(name: str) -> Callable[..., Any]:
    def method(self: ResilientRedisCache, *args: Any, **kwargs: Any) -> Any:
        return self._call(name, *args, **kwargs)

    method.__name__ = name
    return method


for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
):
    setattr(ResilientRedisCache, _name, _wrap(_name))
