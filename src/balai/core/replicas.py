# SPDX-License-Identifier: EUPL-1.2
"""Read replicas: read-only selectors read from ``replica`` when one is configured.

``BALAI_REPLICA_DATABASE_URL`` adds the database alias ``replica`` (a streaming
replica of the primary). Selectors that only read public or pre-aggregated data and
write nothing (no audit entry) are marked ``@replica_read``: their queries, and the
querysets they return, go to the replica. Everything else stays on the primary,
and so does a marked selector called inside a transaction on the primary (it may
need to see that transaction's own writes) or when no replica is configured.
Audited reads of a person never go to a replica: their audit entry is a write in
the same request, and the selectors that make them are not marked.

``ReplicaRouter`` (in ``DATABASE_ROUTERS``) keeps migrations off the replica and
lets objects from either alias relate (they are the same data).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

REPLICA = "replica"

P = ParamSpec("P")
R = TypeVar("R")

_reading: ContextVar[bool] = ContextVar("balai_replica_read", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def read_alias() -> str:
    """Where a read-only read goes now: the replica, unless there is none or the
    primary is inside a transaction (read your own writes)."""
    if not replica_configured():
        return DEFAULT_DB_ALIAS
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    return REPLICA


@contextmanager
def replica_reads() -> Iterator[str]:
    """Route the ORM reads inside the block to ``read_alias()``; yields the alias."""
    token = _reading.set(True)
    try:
        yield read_alias()
    finally:
        _reading.reset(token)


def replica_read(func: Callable[P, R]) -> Callable[P, R]:
    """Mark a read-only selector: its reads and a returned queryset use the replica."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with replica_reads() as alias:
            result = func(*args, **kwargs)
        if isinstance(result, QuerySet) and alias != DEFAULT_DB_ALIAS:
            return result.using(alias)
        return result

    return wrapper


class ReplicaRouter:
    """Reads inside ``replica_reads`` go to the replica; everything else to default."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if _reading.get():
            return read_alias()
        return None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        aliases = {DEFAULT_DB_ALIAS, REPLICA}
        if obj1._state.db in aliases and obj2._state.db in aliases:
            return True
        return None

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool | None:
        if db == REPLICA:
            return False  # the replica follows the primary's schema
        return None
