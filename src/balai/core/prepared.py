# SPDX-License-Identifier: EUPL-1.2
"""Server-side prepared statements for the few statements a hot path runs on every
request (docs/performance.md, "Exchange lookup", round 8).

Django's PostgreSQL backend binds parameters on the client and never prepares a
statement (``prepare_threshold`` is off so that transaction-mode poolers keep
working): PostgreSQL parses and plans every statement again, and the driver
composes each statement's text in Python. ``prepared_cursor`` gives a cursor whose
statements are bound on the server and prepared on their first run on that
connection (psycopg keeps the prepared statements per connection; persistent
connections keep them across requests). Elsewhere (SQLite), or with
``DB_PREPARED_STATEMENTS`` off (a pooler that cannot keep prepared statements, e.g.
PgBouncer before 1.21 in transaction mode), it is the connection's usual cursor.

The cursor is wrapped by Django like any other (``execute_wrapper``s, database
errors as Django's), so callers see no difference but the speed; under query logging
(``DEBUG``, a test capturing queries) the usual cursor is given instead, so that the
log shows each statement with its values. Use it
only for fixed statement texts whose parameters are plain values: a prepared
statement's parameter types are fixed on its first run.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings


def _preparing_cursor_class() -> type | None:
    try:
        from django.db.backends.postgresql.base import CursorMixin

        import psycopg
    except ImportError:  # psycopg 2 or none: nothing to prepare with
        return None

    class PreparingCursor(CursorMixin, psycopg.Cursor):
        """Binds on the server and prepares every statement on its first run."""

        def execute(
            self,
            query: Any,
            params: Any = None,
            *,
            prepare: bool | None = None,
            **kw: Any,
        ) -> Any:
            return super().execute(
                query, params, prepare=True if prepare is None else prepare, **kw
            )

    return PreparingCursor


_CURSOR_CLASS: list[type | None] = []
_NEVER_BY_COUNT = 2**31 - 1


def enabled(connection: Any) -> bool:
    """Whether ``prepared_cursor`` prepares on ``connection``."""
    return connection.vendor == "postgresql" and bool(
        getattr(settings, "DB_PREPARED_STATEMENTS", True)
    )


def prepared_cursor(connection: Any) -> Any:
    """A cursor (a context manager, like ``connection.cursor()``) whose statements
    are prepared on the server (PostgreSQL); the usual cursor elsewhere."""
    if not enabled(connection) or connection.queries_logged:
        # under query logging (DEBUG, a test capturing queries) the statement is
        # composed on the client as before, so the log shows it with its values
        return connection.cursor()
    if not _CURSOR_CLASS:
        _CURSOR_CLASS.append(_preparing_cursor_class())
    cursor_class = _CURSOR_CLASS[0]
    if cursor_class is None:
        return connection.cursor()
    # as BaseDatabaseWrapper._cursor makes its cursors: the health check, the
    # connection opened if needed, errors as Django's, then Django's own wrapping
    # (its CursorWrapper: execute_wrappers, errors as Django's)
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        # Django turns preparing off for the connection (None); a threshold no
        # statement reaches turns it back on for the statements that ask for it
        # (this cursor's) only: Django's own cursors bind on the client and never
        # prepare.
        raw.prepare_threshold = _NEVER_BY_COUNT
    with connection.wrap_database_errors:
        return connection._prepare_cursor(cursor_class(raw))
