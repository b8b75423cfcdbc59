# SPDX-License-Identifier: EUPL-1.2
"""Database triggers that make the audit table append-only below the ORM.

PostgreSQL: a plpgsql function refuses UPDATE and DELETE of rows and TRUNCATE of the
table (SQLSTATE 23001, so Django raises IntegrityError). SQLite: BEFORE UPDATE and
BEFORE DELETE triggers abort the statement. The one update let through is sealing:
an entry without a chain position gets one, with its hashes, and nothing else about
it changes. A database administrator can still lift the triggers (DROP TRIGGER,
DISABLE TRIGGER); the HMAC chain is what makes that visible.

Version 1 (migration 0002) refused every update; version 2 (migration 0004) allows
sealing; version 3 (migration 0005) also keeps the chain number fixed; version 4
(migration 0006) keeps the IP digest fixed and lets one more update through:
retention blanking the address of a version-4 entry (``ip`` to NULL, every other
column, the digest and the hashes included, unchanged), which its hash does not
cover. Changing the SQL later needs a new version and a new migration.
"""

from __future__ import annotations

from typing import Any

TABLE = "security_auditentry"
MESSAGE = "audit log is append-only"
LATEST = 4
# Every column but the three that sealing sets: they must stay as they are.
FIXED_COLUMNS = (
    "id",
    "occurred_at",
    "actor_id",
    "actor_kind",
    "agency_id",
    "role",
    "action",
    "object_type",
    "object_id",
    "subject_id",
    "purpose",
    "request_id",
    "ip",
    "changes",
    "chain_version",
)
FIXED_COLUMNS_V3 = (*FIXED_COLUMNS, "chain")
FIXED_COLUMNS_V4 = (*FIXED_COLUMNS_V3, "ip_digest")
# What an IP purge may not touch: everything but ``ip``.
PURGE_FIXED_COLUMNS = (
    *(column for column in FIXED_COLUMNS_V4 if column != "ip"),
    "seq",
    "prev_hash",
    "entry_hash",
)
IP_DIGEST_VERSION = 4

_PG_FUNCTION_V1 = f"""
    CREATE OR REPLACE FUNCTION security_audit_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}'
            USING ERRCODE = 'restrict_violation', DETAIL = TG_OP;
    END;
    $$
    """


def _pg_sealing_function(columns: tuple[str, ...], *, ip_purge: bool = False) -> str:
    sealing = " AND ".join(
        f"NEW.{column} IS NOT DISTINCT FROM OLD.{column}" for column in columns
    )
    purge = ""
    if ip_purge:
        kept = " AND ".join(
            f"NEW.{column} IS NOT DISTINCT FROM OLD.{column}"
            for column in PURGE_FIXED_COLUMNS
        )
        purge = f"""
        IF TG_OP = 'UPDATE' AND OLD.chain_version >= {IP_DIGEST_VERSION}
           AND OLD.ip IS NOT NULL AND NEW.ip IS NULL AND OLD.ip_digest <> ''
           AND {kept} THEN
            RETURN NEW;
        END IF;"""
    return f"""
    CREATE OR REPLACE FUNCTION security_audit_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND NEW.seq IS NOT NULL
           AND {sealing} THEN
            RETURN NEW;
        END IF;{purge}
        RAISE EXCEPTION '{MESSAGE}'
            USING ERRCODE = 'restrict_violation', DETAIL = TG_OP;
    END;
    $$
    """


_PG_FUNCTION_V2 = _pg_sealing_function(FIXED_COLUMNS)
_PG_FUNCTION_V3 = _pg_sealing_function(FIXED_COLUMNS_V3)
_PG_FUNCTION_V4 = _pg_sealing_function(FIXED_COLUMNS_V4, ip_purge=True)
_PG_TRIGGERS = (
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
POSTGRESQL_INSTALL: dict[int, tuple[str, ...]] = {
    1: (_PG_FUNCTION_V1, *_PG_TRIGGERS),
    2: (_PG_FUNCTION_V2, *_PG_TRIGGERS),
    3: (_PG_FUNCTION_V3, *_PG_TRIGGERS),
    4: (_PG_FUNCTION_V4, *_PG_TRIGGERS),
}
POSTGRESQL_UNINSTALL: tuple[str, ...] = (
    f"DROP TRIGGER IF EXISTS security_auditentry_no_truncate ON {TABLE}",
    f"DROP TRIGGER IF EXISTS security_auditentry_append_only ON {TABLE}",
    "DROP FUNCTION IF EXISTS security_audit_append_only()",
)


def _sqlite(operation: str, when: str = "") -> str:
    return f"""
    CREATE TRIGGER security_auditentry_no_{operation.lower()}
    BEFORE {operation} ON {TABLE}{when}
    BEGIN
        SELECT RAISE(ABORT, '{MESSAGE}');
    END
    """


def _sqlite_sealing(columns: tuple[str, ...], *, ip_purge: bool = False) -> str:
    same = " AND ".join(f"NEW.{column} IS OLD.{column}" for column in columns)
    allowed = f"(OLD.seq IS NULL AND NEW.seq IS NOT NULL AND {same})"
    if ip_purge:
        kept = " AND ".join(
            f"NEW.{column} IS OLD.{column}" for column in PURGE_FIXED_COLUMNS
        )
        allowed += (
            f" OR (OLD.chain_version >= {IP_DIGEST_VERSION} AND OLD.ip IS NOT NULL"
            f" AND NEW.ip IS NULL AND OLD.ip_digest <> '' AND {kept})"
        )
    return _sqlite("UPDATE", f" WHEN NOT ({allowed})")


SQLITE_INSTALL: dict[int, tuple[str, ...]] = {
    1: (_sqlite("UPDATE"), _sqlite("DELETE")),
    2: (_sqlite_sealing(FIXED_COLUMNS), _sqlite("DELETE")),
    3: (_sqlite_sealing(FIXED_COLUMNS_V3), _sqlite("DELETE")),
    4: (_sqlite_sealing(FIXED_COLUMNS_V4, ip_purge=True), _sqlite("DELETE")),
}
SQLITE_UNINSTALL: tuple[str, ...] = (
    "DROP TRIGGER IF EXISTS security_auditentry_no_update",
    "DROP TRIGGER IF EXISTS security_auditentry_no_delete",
)

Statements = tuple[dict[int, tuple[str, ...]], tuple[str, ...]]
_NOTHING: Statements = ({}, ())
_STATEMENTS: dict[str, Statements] = {
    "postgresql": (POSTGRESQL_INSTALL, POSTGRESQL_UNINSTALL),
    "sqlite": (SQLITE_INSTALL, SQLITE_UNINSTALL),
}


def _run(connection: Any, statements: tuple[str, ...]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection: Any, version: int = LATEST) -> None:
    """Create the append-only triggers (no-op on databases other than these two)."""
    install_sql, uninstall_sql = _STATEMENTS.get(connection.vendor, _NOTHING)
    _run(connection, uninstall_sql + install_sql.get(version, ()))


def uninstall(connection: Any) -> None:
    """Drop the append-only triggers, if present."""
    _run(connection, _STATEMENTS.get(connection.vendor, ({}, ()))[1])


def installed(connection: Any) -> bool:
    """Are the triggers in place on this connection's database?"""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass "
                "AND tgname LIKE 'security_auditentry_%%' AND tgenabled <> 'D'",
                [TABLE],
            )
            return cursor.fetchone()[0] == len(_PG_TRIGGERS)
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = %s",
                [TABLE],
            )
            return cursor.fetchone()[0] == len(SQLITE_INSTALL[LATEST])
    return False
