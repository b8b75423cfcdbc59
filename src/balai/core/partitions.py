# SPDX-License-Identifier: EUPL-1.2
"""Declarative partitioning of large append-mostly tables on PostgreSQL.

Django models cannot declare a partitioned table, so the tables stay ordinary Django
tables (migrations create them; SQLite and a fresh PostgreSQL work as before) and
``balai partitions apply`` converts them in place on PostgreSQL, in one transaction:
the table is renamed, a partitioned table of the same name and columns is created,
its partitions made, the rows copied, the indexes and triggers recreated (a unique
index gains the partition column, as PostgreSQL requires) and the old table dropped.
``balai partitions ensure`` (monthly, from the scheduler) adds the coming months'
partitions so new rows never fall into the default partition; ``status`` lists them.

Only tables that pay are listed in ``TABLES``: the register's residents, by LIST of
``nik_province`` (the province code of the NIK's region, one partition per province of
the shipped regions data and a default one: every look-up by NIK names its province,
so it reads one partition, and a province's rows can be vacuumed, re-indexed or moved
to other storage on their own), the audit log, by month of
``occurred_at`` (append-only, read by time range; old months can be detached to
archive storage, docs/scaling.md), and the citizens' reports, by month of
``requested_at`` (the moment a report was filed, set once: the largest public table,
listed and counted by that time by Open311 and the public pages).

A unique index of a partitioned table must include the partition column, so a key
that must stay unique over the whole table and that other tables' foreign keys point
at (a report's ``id`` and ``public_id``) cannot stay on the partitioned table itself.
Such a table names its ``global_keys``: ``apply`` keeps them in a plain key table
(``<table>_keys``, one row per row, unique per key column) maintained by a trigger on
every insert, delete and key change, and re-points the other tables' foreign keys
(and the table's own, e.g. a report merged into another) at it. Uniqueness and
referential integrity are thus enforced by PostgreSQL as before, the rows of the big
table live in monthly partitions, and the ORM, which only ever joins on ``id``, sees
no difference. Table names are plain strings here: this module knows no app.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from django.db import connections, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

MONTHS_AHEAD = 3


@dataclasses.dataclass(frozen=True)
class _PartitionedTable:
    """What every partitioned table has: ``table`` split by ``column``;
    ``global_keys`` (the primary key first) stay unique over the whole table and
    referenceable through the key table ``keys_table``."""

    table: str
    column: str
    global_keys: tuple[str, ...] = dataclasses.field(default=(), kw_only=True)

    @property
    def keys_table(self) -> str:
        return f"{self.table}_keys"


@dataclasses.dataclass(frozen=True)
class MonthlyTable(_PartitionedTable):
    """A table range-partitioned by month of ``column`` (a timestamp with zone)."""

    @property
    def method(self) -> str:
        return "RANGE"

    @property
    def kind(self) -> str:
        return "by month"


@dataclasses.dataclass(frozen=True)
class ListTable(_PartitionedTable):
    """A table list-partitioned by ``column``: one partition per value that
    ``values`` (a dotted path to a callable) gives, and a default partition for any
    other value."""

    values: str

    @property
    def method(self) -> str:
        return "LIST"

    @property
    def kind(self) -> str:
        return f"by {self.column}"

    def value_list(self) -> list[str]:
        values = sorted(set(import_string(self.values)()))
        for value in values:
            if not re.fullmatch(r"[0-9a-z_]+", value):
                raise ValueError(f"unexpected partition value {value!r}")
        return values


Spec = MonthlyTable | ListTable

TABLES: tuple[Spec, ...] = (
    MonthlyTable(table="security_auditentry", column="occurred_at"),
    MonthlyTable(
        table="reports_report", column="requested_at", global_keys=("id", "public_id")
    ),
    ListTable(
        table="registry_resident",
        column="nik_province",
        values="balai.regions.reference.province_codes",
        global_keys=("id", "nik_index"),
    ),
)


class PartitioningUnsupported(RuntimeError):
    """Partitioning needs PostgreSQL (SQLite and others keep plain tables)."""


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _utc_today() -> dt.date:
    # partition bounds are UTC months (the connection's time zone is UTC)
    return timezone.now().astimezone(dt.UTC).date()


def partition_name(table: str, month: dt.date | str) -> str:
    """The partition of ``table`` for a month or (list partitioning) a value."""
    if isinstance(month, str):
        return f"{table}_p{month}"
    return f"{table}_p{month:%Y_%m}"


def _check(connection: Any) -> None:
    if connection.vendor != "postgresql":
        raise PartitioningUnsupported(
            "Partitioned tables need PostgreSQL; on "
            f"{connection.vendor} the tables stay as they are."
        )


def is_partitioned(table: str, using: str = "default") -> bool:
    connection = connections[using]
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relkind FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE c.relname = %s "
            "AND n.nspname = current_schema()",
            [table],
        )
        row = cursor.fetchone()
    return bool(row) and row[0] == "p"


def partitions(table: str, using: str = "default") -> list[str]:
    """The partitions of ``table`` by name (empty when it is not partitioned)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass ORDER BY c.relname",
            [table],
        )
        return [row[0] for row in cursor.fetchall()]


def _quote(name: str) -> str:
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise ValueError(f"unexpected identifier {name!r}")
    return f'"{name}"'


def _create_month(cursor: Any, spec: MonthlyTable, month: dt.date) -> bool:
    name = partition_name(spec.table, month)
    cursor.execute("SELECT to_regclass(%s)", [name])
    if cursor.fetchone()[0] is not None:
        return False
    start, end = month, _next_month(month)
    cursor.execute(
        f"CREATE TABLE {_quote(name)} PARTITION OF {_quote(spec.table)} "
        f"FOR VALUES FROM ('{start.isoformat()}') TO ('{end.isoformat()}')"
    )
    return True


def _create_value(cursor: Any, spec: ListTable, value: str) -> bool:
    """The partition of ``value``; not made (False) while rows with that value sit in
    the default partition (PostgreSQL refuses it then)."""
    name = partition_name(spec.table, value)
    cursor.execute("SELECT to_regclass(%s)", [name])
    if cursor.fetchone()[0] is not None:
        return False
    default = _quote(spec.table + "_default")
    cursor.execute("SELECT to_regclass(%s)", [spec.table + "_default"])
    if cursor.fetchone()[0] is not None:
        # identifiers from TABLES, checked by _quote: never user input
        waiting = f"SELECT 1 FROM {default} WHERE {_quote(spec.column)} = %s LIMIT 1"  # noqa: S608
        cursor.execute(waiting, [value])
        if cursor.fetchone() is not None:
            return False
    # the value passed value_list's check ([0-9a-z_]+): DDL takes no parameters
    cursor.execute(
        f"CREATE TABLE {_quote(name)} PARTITION OF {_quote(spec.table)} "
        f"FOR VALUES IN ('{value}')"
    )
    return True


def ensure(
    spec: Spec,
    *,
    today: dt.date | None = None,
    ahead: int = MONTHS_AHEAD,
    using: str = "default",
) -> list[str]:
    """Create the partitions of this month and ``ahead`` months after it; return
    the names created. A table that is not partitioned is left alone."""
    connection = connections[using]
    _check(connection)
    if not is_partitioned(spec.table, using):
        return []
    created = []
    if isinstance(spec, ListTable):
        with transaction.atomic(using=using), connection.cursor() as cursor:
            for value in spec.value_list():
                if _create_value(cursor, spec, value):
                    created.append(partition_name(spec.table, value))
        return created
    month = _month(today or _utc_today())
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for _step in range(ahead + 1):
            if _create_month(cursor, spec, month):
                created.append(partition_name(spec.table, month))
            month = _next_month(month)
    return created


def _with_column(index_sql: str, column: str) -> str:
    """A unique index definition with ``column`` added to its key columns."""
    head, sep, rest = index_sql.partition(" USING btree (")
    if not sep:
        raise ValueError(f"cannot add the partition key to: {index_sql}")
    columns, _close, tail = rest.partition(")")
    if column in [c.strip().strip('"') for c in columns.split(",")]:
        return index_sql
    return f"{head}{sep}{columns}, {column}){tail}"


def apply(spec: Spec, *, today: dt.date | None = None, using: str = "default") -> bool:
    """Convert ``spec.table`` into a partitioned table (by month or by list); False if
    it is one already. Holds an exclusive lock on the table while the rows are
    copied."""
    connection = connections[using]
    _check(connection)
    if is_partitioned(spec.table, using):
        return False
    table, column = spec.table, spec.column
    old = f"{table}_unpartitioned"
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {_quote(table)} IN ACCESS EXCLUSIVE MODE")
        # foreign key checks still pending in this transaction (rows written before
        # the conversion in the same transaction) must run before the keys move
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(x.indexrelid), x.indisprimary, "
            "x.indisunique FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "WHERE x.indrelid = %s::regclass ORDER BY i.relname",
            [table],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger "
            "WHERE tgrelid = %s::regclass AND NOT tgisinternal ORDER BY tgname",
            [table],
        )
        triggers = cursor.fetchall()
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'p'",
            [table],
        )
        primary = cursor.fetchone()
        # foreign keys: the table's own (LIKE does not copy them) and those pointing
        # at it (they must point at the key table instead)
        cursor.execute(
            "SELECT conname, conrelid::regclass::text, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' "
            "AND (conrelid = %s::regclass OR confrelid = %s::regclass) "
            "ORDER BY conname",
            [table, table],
        )
        foreign = cursor.fetchall()
        if foreign and not spec.global_keys:
            raise PartitioningUnsupported(
                f"{table} has foreign keys; name its global_keys to partition it."
            )
        for name, owner, _definition in foreign:
            cursor.execute(
                f"ALTER TABLE {_quote(owner)} DROP CONSTRAINT {_quote(name)}"
            )
        first = last = None
        if isinstance(spec, MonthlyTable):
            # identifiers from TABLES, checked by _quote: never user input
            bounds = f"SELECT min({_quote(column)}), max({_quote(column)}) FROM "  # noqa: S608
            cursor.execute(bounds + _quote(table))
            first, last = cursor.fetchone()

        cursor.execute(f"ALTER TABLE {_quote(table)} RENAME TO {_quote(old)}")
        for name, _sql, _is_pk, _unique in indexes:
            cursor.execute(
                f"ALTER INDEX {_quote(name)} RENAME TO {_quote(name[:50] + '_old')}"
            )
        for name, _sql in triggers:
            cursor.execute(f"DROP TRIGGER {_quote(name)} ON {_quote(old)}")
        cursor.execute(
            f"CREATE TABLE {_quote(table)} (LIKE {_quote(old)} INCLUDING DEFAULTS "
            "INCLUDING IDENTITY INCLUDING GENERATED INCLUDING CONSTRAINTS "
            "INCLUDING STORAGE INCLUDING COMMENTS) "
            f"PARTITION BY {spec.method} ({_quote(column)})"
        )
        if primary is not None:
            key = primary[1].removeprefix("PRIMARY KEY (").removesuffix(")")
            cursor.execute(
                f"ALTER TABLE {_quote(table)} ADD CONSTRAINT {_quote(primary[0])} "
                f"PRIMARY KEY ({key}, {_quote(column)})"
            )
        for _name, sql, is_pk, unique in indexes:
            if is_pk:
                continue
            cursor.execute(_with_column(sql, column) if unique else sql)
        if spec.global_keys:
            _create_keys_table(cursor, spec, old)

        if isinstance(spec, ListTable):
            for value in spec.value_list():
                _create_value(cursor, spec, value)
        else:
            _create_months(cursor, spec, first, last, today or _utc_today())
        cursor.execute(
            f"CREATE TABLE {_quote(table + '_default')} PARTITION OF "
            f"{_quote(table)} DEFAULT"
        )
        copy = f"INSERT INTO {_quote(table)} OVERRIDING SYSTEM VALUE SELECT * FROM "  # noqa: S608
        cursor.execute(copy + _quote(old))
        cursor.execute(f"DROP TABLE {_quote(old)}")
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
            "AND is_identity = 'YES'",
            [table],
        )
        for (identity,) in cursor.fetchall():
            highest = f"SELECT max({_quote(identity)}) FROM "  # noqa: S608
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, %s), "
                f"coalesce(({highest + _quote(table)}), 0) + 1, false)",
                [table, identity],
            )
        for _name, sql in triggers:
            cursor.execute(sql)
        for name, owner, definition in foreign:
            cursor.execute(
                f"ALTER TABLE {_quote(owner)} ADD CONSTRAINT {_quote(name)} "
                + _referencing(definition, spec)
            )
        # back to checking Django's (initially deferred) foreign keys at commit
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return True


def _create_months(
    cursor: Any,
    spec: MonthlyTable,
    first: dt.datetime | None,
    last: dt.datetime | None,
    today: dt.date,
) -> None:
    """The months from the oldest row's to ``MONTHS_AHEAD`` after the newest's (or
    after this month)."""
    month = _month(first.astimezone(dt.UTC).date()) if first else _month(today)
    stop = _next_month(_month(today))
    if last is not None:
        stop = max(stop, _next_month(_month(last.astimezone(dt.UTC).date())))
    for _step in range(MONTHS_AHEAD):
        stop = _next_month(stop)
    while month < stop:
        _create_month(cursor, spec, month)
        month = _next_month(month)


def _referencing(definition: str, spec: Spec) -> str:
    """A foreign key definition, pointed at the key table if it pointed at the
    partitioned table (the key table has the same key columns)."""
    head, sep, tail = definition.partition(f"REFERENCES {spec.table}(")
    if not sep:
        return definition
    return f"{head}REFERENCES {spec.keys_table}({tail}"


def _create_keys_table(cursor: Any, spec: Spec, source: str) -> None:
    """The key table of ``spec``, kept in step by a trigger on the partitioned table
    (so the copy of the rows fills it too). A nullable key stays nullable (unique
    among the rows that have one, as before)."""
    cursor.execute(
        "SELECT attname, format_type(atttypid, atttypmod), attnotnull "
        "FROM pg_attribute WHERE attrelid = %s::regclass AND attname = ANY(%s) "
        "AND NOT attisdropped",
        [source, list(spec.global_keys)],
    )
    types = {name: (kind, not_null) for name, kind, not_null in cursor.fetchall()}
    primary, *others = spec.global_keys
    columns = [f"{_quote(primary)} {types[primary][0]} PRIMARY KEY"]
    columns += [
        f"{_quote(key)} {types[key][0]} {'NOT NULL ' if types[key][1] else ''}UNIQUE"
        for key in others
    ]
    keys, table = _quote(spec.keys_table), _quote(spec.table)
    cursor.execute(f"CREATE TABLE {keys} ({', '.join(columns)})")
    names = ", ".join(_quote(key) for key in spec.global_keys)
    values = ", ".join(f"NEW.{_quote(key)}" for key in spec.global_keys)
    changes = ", ".join(
        f"{_quote(key)} = NEW.{_quote(key)}" for key in spec.global_keys
    )
    function = _quote(f"{spec.table}_keys_sync")
    changed = " OR ".join(
        f"OLD.{_quote(key)} IS DISTINCT FROM NEW.{_quote(key)}"
        for key in spec.global_keys
    )
    # identifiers from TABLES, checked by _quote: never user input
    cursor.execute(
        f"""
        CREATE OR REPLACE FUNCTION {function}() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                INSERT INTO {keys} ({names}) VALUES ({values});
                RETURN NEW;
            ELSIF TG_OP = 'DELETE' THEN
                DELETE FROM {keys} WHERE {_quote(primary)} = OLD.{_quote(primary)};
                RETURN OLD;
            END IF;
            UPDATE {keys} SET {changes}
                WHERE {_quote(primary)} = OLD.{_quote(primary)};
            RETURN NEW;
        END;
        $$
        """  # noqa: S608
    )
    cursor.execute(
        f"CREATE TRIGGER {_quote(spec.table + '_keys_insert_delete')} "
        f"BEFORE INSERT OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()"
    )
    cursor.execute(
        f"CREATE TRIGGER {_quote(spec.table + '_keys_update')} "
        f"BEFORE UPDATE OF {names} ON {table} FOR EACH ROW "
        f"WHEN ({changed}) "
        f"EXECUTE FUNCTION {function}()"
    )


__all__ = [
    "TABLES",
    "ListTable",
    "MonthlyTable",
    "PartitioningUnsupported",
    "apply",
    "ensure",
    "is_partitioned",
    "partition_name",
    "partitions",
]
