# SPDX-License-Identifier: EUPL-1.2
"""Database triggers that make the audit table append-only below the ORM.

PostgreSQL: a plpgsql function refuses UPDATE and DELETE of rows and TRUNCATE of the
table (SQLSTATE 23001, so Django raises IntegrityError). SQLite: BEFORE UPDATE and
BEFORE DELETE triggers abort the statement. A database administrator can still lift
them (DROP TRIGGER, DISABLE TRIGGER); the HMAC chain is what makes that visible.

Migration 0002 installs these; changing the SQL later needs a new migration.
"""

from __future__ import annotations

from typing import Any

TABLE = "security_auditentry"
MESSAGE = "audit log is append-only"

POSTGRESQL_INSTALL = (
    f"""
    CREATE OR REPLACE FUNCTION security_audit_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}'
            USING ERRCODE = 'restrict_violation', DETAIL = TG_OP;
    END;
    $$
    """,
    f"""
    CREATE TRIGGER security_auditentry_append_only
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION security_audit_append_only()
    """,
    f"""
    CREATE TRIGGER security_auditentry_no_truncate
    BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION security_audit_append_only()
    """,
)
POSTGRESQL_UNINSTALL = (
    f"DROP TRIGGER IF EXISTS security_auditentry_no_truncate ON {TABLE}",
    f"DROP TRIGGER IF EXISTS security_auditentry_append_only ON {TABLE}",
    "DROP FUNCTION IF EXISTS security_audit_append_only()",
)

SQLITE_INSTALL = tuple(
    f"""
    CREATE TRIGGER security_auditentry_no_{operation.lower()}
    BEFORE {operation} ON {TABLE}
    BEGIN
        SELECT RAISE(ABORT, '{MESSAGE}');
    END
    """
    for operation in ("UPDATE", "DELETE")
)
SQLITE_UNINSTALL = (
    "DROP TRIGGER IF EXISTS security_auditentry_no_update",
    "DROP TRIGGER IF EXISTS security_auditentry_no_delete",
)

_STATEMENTS = {
    "postgresql": (POSTGRESQL_INSTALL, POSTGRESQL_UNINSTALL),
    "sqlite": (SQLITE_INSTALL, SQLITE_UNINSTALL),
}


def _run(connection: Any, statements: tuple[str, ...]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection: Any) -> None:
    """Create the append-only triggers (no-op on databases other than these two)."""
    install_sql, uninstall_sql = _STATEMENTS.get(connection.vendor, ((), ()))
    _run(connection, uninstall_sql + install_sql)


def uninstall(connection: Any) -> None:
    """Drop the append-only triggers, if present."""
    _run(connection, _STATEMENTS.get(connection.vendor, ((), ()))[1])


def installed(connection: Any) -> bool:
    """Are the triggers in place on this connection's database?"""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass "
                "AND tgname LIKE 'security_auditentry_%%' AND tgenabled <> 'D'",
                [TABLE],
            )
            return cursor.fetchone()[0] == len(POSTGRESQL_INSTALL) - 1
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = %s",
                [TABLE],
            )
            return cursor.fetchone()[0] == len(SQLITE_INSTALL)
    return False
