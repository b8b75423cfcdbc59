# SPDX-License-Identifier: EUPL-1.2
"""``insert_rows``: ``bulk_create`` for large batches, without the ORM's SQL overhead.

Profiling ``balai seed`` and the importer showed most of ``bulk_create``'s time going
into compiling one placeholder per value. This writes the same column values (each
field prepared as ``bulk_create`` would prepare it) with one ``executemany``. Only for
models whose primary key is set client-side (UUIDs) and that need no signals.
"""

from __future__ import annotations

import datetime as dt
import operator
import os
import re
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connections, models, router
from django.db.models import Model

from balai.registry.integration.importing.sealing import SealJob, seal
from balai.registry.models.fields import DerivedCharField
from balai.security.crypto.fields import BlindIndexField, EncryptedField

_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.SlugField,
    models.BooleanField,
    models.IntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
)
Column = Callable[[Model], Any]
# SQLite, while an import writes (``bulk_writes``): its connection's page cache, in
# KiB, and the WAL pages after which a commit checkpoints (64 MiB of 4 KiB pages)
BULK_CACHE_KIB = 262_144
BULK_CHECKPOINT_PAGES = 16_384


def _column(field: models.Field, connection: Any, now: Any) -> Column:
    """How one field's database value is made from an instance (as bulk_create does).

    Plain text and numbers pass through; timestamps set on creation take the batch's
    one ``now`` (prepared once); blind indexes and derived fields are computed from
    their source and encrypted fields
    encrypted exactly as their ``pre_save``/``get_prep_value`` would; anything else
    goes through the field's own ``pre_save`` and ``get_db_prep_save``.
    """
    attname = field.attname
    if type(field) in _PLAIN_FIELDS:
        return operator.attrgetter(attname)
    if isinstance(field, models.DateTimeField) and (
        field.auto_now or field.auto_now_add
    ):
        prepared = field.get_db_prep_save(now, connection)
        return lambda obj: prepared
    if isinstance(field, BlindIndexField | DerivedCharField):
        return field.compute
    if isinstance(field, EncryptedField):
        get, prep = operator.attrgetter(attname), field.get_prep_value
        return lambda obj: prep(get(obj))

    def generic(obj: Model) -> Any:
        return field.get_db_prep_save(field.pre_save(obj, True), connection)

    return generic


def insert_rows(model: type[Model], objs: Sequence[Model], now: dt.datetime) -> None:
    """``bulk_create`` without the ORM's per-value SQL compilation (the seeder's cost).

    The same column values as ``bulk_create`` (see ``_column``; creation timestamps
    are the batch's time), sent with one ``executemany``; every primary key is a
    client-side UUID, so nothing needs reading back.
    """
    if not objs:
        return
    alias = router.db_for_write(model)
    connection = connections[alias]
    fields = model._meta.concrete_fields
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from _meta
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    columns = [_column(field, connection, now) for field in fields]
    params = [[column(obj) for column in columns] for obj in objs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = alias


def update_rows(
    model: type[Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Set ``fields`` (attnames) to different values per row, one prepared
    ``UPDATE ... WHERE pk = %s`` run with ``executemany``: each row is
    ``(pk, *values)`` in Python values, prepared as the ORM prepares them for a
    lookup (UUIDs as the database stores them, datetimes adapted).

    ``bulk_update`` does the same with one ``CASE WHEN pk = ...`` per field and per
    row in each statement, which the database evaluates row by row (its cost grows
    with the rows times the batch size) and Django compiles value by value. Plain
    columns only: no encryption, no signals, no ``auto_now`` (pass the time)."""
    if not rows:
        return
    alias = router.db_for_write(model)
    connection = connections[alias]
    meta = model._meta
    columns: list[models.Field] = [meta.pk]
    columns += [_plain_column(model, name) for name in fields]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608 - names from _meta
        quote(meta.db_table),
        ", ".join(f"{quote(column.column)} = %s" for column in columns[1:]),
        quote(meta.pk.column),
    )
    prepared = [
        prepare_values(column, [row[index] for row in rows], connection)
        for index, column in enumerate(columns)
    ]
    params = [[*values[1:], values[0]] for values in zip(*prepared, strict=True)]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def update_keys(model: type[Model], pks: Sequence[Any], values: dict[str, Any]) -> None:
    """Set plain ``values`` (attname → one value for all) on the rows whose primary
    key is in ``pks``: one ``UPDATE ... WHERE pk IN (...)``, the keys prepared as
    ``prepare_values`` does (``QuerySet.filter(pk__in=...).update`` builds a UUID
    per key first: a third of a million-record link's writes on SQLite)."""
    if not pks:
        return
    alias = router.db_for_write(model)
    connection = connections[alias]
    meta = model._meta
    columns = [_plain_column(model, name) for name in values]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} IN ({})".format(  # noqa: S608 - names from _meta
        quote(meta.db_table),
        ", ".join(f"{quote(column.column)} = %s" for column in columns),
        quote(meta.pk.column),
        ", ".join(["%s"] * len(pks)),
    )
    params = [
        None if value is None else column.get_db_prep_value(value, connection)
        for column, value in zip(columns, values.values(), strict=True)
    ]
    params += prepare_values(meta.pk, pks, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _plain_column(model: type[Model], name: str) -> models.Field:
    column = model._meta.get_field(name)
    if not isinstance(column, models.Field) or isinstance(
        column, EncryptedField | BlindIndexField | DerivedCharField
    ):
        raise TypeError(f"{model.__name__}.{name} is not a plain column")
    return column


# a UUID as ``str(uuid.UUID(...))`` writes it: lower-case hex in its five groups
_UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def prepare_values(
    column: models.Field, values: Sequence[Any], connection: Any
) -> list[Any]:
    """``column.get_db_prep_value`` of each value (None stays None), the same
    values: a UUID key (or a foreign key to one) given as its canonical text goes
    to a database without a UUID type as its hex directly, which is what Django
    stores (``UUID(text).hex``) without building a ``UUID`` per value."""
    prep = column.get_db_prep_value
    target = column.target_field if isinstance(column, models.ForeignKey) else column
    if isinstance(target, models.UUIDField) and (
        not connection.features.has_native_uuid_field
    ):
        match = _UUID_TEXT.fullmatch
        return [
            None
            if value is None
            else value.replace("-", "")
            if isinstance(value, str) and match(value)
            else prep(value, connection)
            for value in values
        ]
    return [None if value is None else prep(value, connection) for value in values]


class RowColumns:
    """Rows ``{attname: value}`` read a field at a time: ``get(name, default)`` is
    ``[row.get(name, default) for row in rows]``. When every row has the same keys
    (as the importer's rows have) each key's values are taken in one pass
    (``operator.itemgetter``) instead of one ``get`` per row and field."""

    def __init__(self, rows: Sequence[dict[str, Any]]) -> None:
        self.rows = rows
        self.count = len(rows)
        self.columns: dict[str, Sequence[Any]] | None = None
        keys = list(rows[0]) if rows else []
        if len(keys) < 2:  # (one key: ``itemgetter`` gives no tuples)
            return
        try:
            cells = list(map(operator.itemgetter(*keys), rows))
        except KeyError:  # a row without one of the first row's keys
            return
        width = len(keys)
        if all(len(row) == width for row in rows):  # and none with others
            self.columns = dict(zip(keys, zip(*cells, strict=True), strict=True))

    @classmethod
    def of_columns(cls, columns: Mapping[str, Sequence[Any]], count: int) -> RowColumns:
        """Rows given as their columns (each ``count`` long), never as dicts."""
        made = cls([])
        made.columns, made.count = dict(columns), count
        return made

    def __len__(self) -> int:
        return self.count

    def get(self, name: str, default: Any = None) -> Sequence[Any]:
        if self.columns is None:
            return [row.get(name, default) for row in self.rows]
        found = self.columns.get(name)
        return found if found is not None else [default] * self.count


def seal_jobs(
    model: type[Model], rows: Sequence[dict[str, Any]] | RowColumns
) -> list[SealJob]:
    """What ``seal`` needs of rows ``{attname: value}``: each encrypted field's
    plaintexts (``to_plaintext``; None stays NULL) and each blind index's source text
    (as ``BlindIndexField.index_of`` writes it; None for no value). Plain data, so a
    chunk can be sealed in another process."""
    columns = rows if isinstance(rows, RowColumns) else RowColumns(rows)
    jobs: list[SealJob] = []
    for field in model._meta.concrete_fields:
        if isinstance(field, BlindIndexField):
            texts = [
                None
                if v is None or v == ""
                else v.isoformat()
                if isinstance(v, dt.date)
                else str(v)
                for v in columns.get(field.source)
            ]
            jobs.append(
                (field.attname, "index", field.context, field.normaliser, texts)
            )
        elif isinstance(field, EncryptedField):
            values = columns.get(field.attname, field.get_default())
            if type(field).to_plaintext is EncryptedField.to_plaintext:
                # ``str(v)``, which is ``v`` itself for a text
                plain = [v if v is None or type(v) is str else str(v) for v in values]
            else:
                plain = [None if v is None else field.to_plaintext(v) for v in values]
            jobs.append((field.attname, "cipher", field.context, None, plain))
    return jobs


def _fresh_hex_keys(count: int) -> list[str]:
    """``uuid.uuid4().hex`` ``count`` times, from one ``os.urandom`` read: each key
    16 random bytes with the version (4) and the RFC 4122 variant bits set exactly
    as ``uuid.UUID(bytes=..., version=4)`` sets them, in lowercase hex."""
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = bytes(b & 0x0F | 0x40 for b in raw[6::16])
    raw[8::16] = bytes(b & 0x3F | 0x80 for b in raw[8::16])
    text = raw.hex()
    return [text[i : i + 32] for i in range(0, 32 * count, 32)]


def _value_column(
    field: models.Field,
    rows: RowColumns,
    connection: Any,
    now: Any,
    sealed: dict[str, list[Any]],
) -> list[Any]:
    """One field's database values for rows given as ``{attname: value}``.

    As ``_column`` prepares them from instances: absent keys take the field's default
    (a fresh UUID for the key), creation timestamps the batch's ``now``; encrypted
    fields and blind indexes come from ``sealed`` (``seal``).
    """
    attname = field.attname
    if field.primary_key and isinstance(field, models.UUIDField):
        # a fresh key is written as ``get_db_prep_save`` writes a UUID (itself where
        # the database has a uuid type, else its 32 hex digits), without its calls
        key = field.get_db_prep_save
        native = connection.features.has_native_uuid_field
        given = rows.get(attname)
        if not native and not any(given):
            return _fresh_hex_keys(len(given))
        fresh = uuid.uuid4
        return [
            key(value, connection) if value else fresh() if native else fresh().hex
            for value in given
        ]
    if isinstance(field, models.DateTimeField) and (
        field.auto_now or field.auto_now_add
    ):
        prepared = field.get_db_prep_save(now, connection)
        return [prepared] * len(rows)
    if attname in sealed:
        return sealed[attname]
    if isinstance(field, DerivedCharField):
        return [field.derive(value) for value in rows.get(field.source)]
    default = field.get_default()
    values = rows.get(attname, default)
    if type(field) in _PLAIN_FIELDS:
        return list(values)
    prep = field.get_db_prep_save
    if isinstance(field, models.JSONField):
        # rows share their findings' lists (``FindingsJson``): each one serialised
        # once, keyed by identity (the rows keep every list alive meanwhile)
        done: dict[int, Any] = {}
        out = []
        for value in values:
            ident = id(value)
            if ident not in done:
                done[ident] = prep(value, connection)
            out.append(done[ident])
        return out
    if isinstance(field, models.ForeignKey) and isinstance(
        field.target_field, models.UUIDField
    ):
        # a chunk's rows share their batch (and most have no resident): each distinct
        # key prepared once (a UUID's database value depends on the UUID only)
        keys: dict[Any, Any] = {}
        out = []
        for value in values:
            if value not in keys:
                keys[value] = prep(value, connection)
            out.append(keys[value])
        return out
    return [prep(value, connection) for value in values]


def insert_sql(model: type[Model], alias: str) -> str:
    """``INSERT`` of every concrete field of ``model``, one placeholder each."""
    connection = connections[alias]
    fields = model._meta.concrete_fields
    quote = connection.ops.quote_name
    return "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from _meta
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )


def value_params(
    model: type[Model],
    rows: Sequence[dict[str, Any]] | RowColumns,
    now: dt.datetime,
    sealed: dict[str, list[Any]] | None = None,
    alias: str | None = None,
) -> list[tuple[Any, ...]]:
    """The ``insert_sql`` parameters of rows given as ``{attname: value}``: the column
    values ``bulk_create`` would write (``_value_column``), each encrypted column in
    one ``encrypt_many`` call (or taken from ``sealed``). Needs the database's
    features only, never a connection, so an import worker can prepare them."""
    if not rows:
        return []
    connection = connections[alias or router.db_for_write(model)]
    by_field = rows if isinstance(rows, RowColumns) else RowColumns(rows)
    if sealed is None:
        sealed = seal(seal_jobs(model, by_field))
    fields = model._meta.concrete_fields
    columns = [
        _value_column(field, by_field, connection, now, sealed) for field in fields
    ]
    return list(zip(*columns, strict=True))


def copy_sql(model: type[Model], alias: str) -> str:
    """``COPY ... FROM STDIN`` of every concrete field of ``model`` (PostgreSQL)."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    return "COPY {} ({}) FROM STDIN".format(
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in model._meta.concrete_fields),
    )


def insert_params(model: type[Model], params: Sequence[tuple[Any, ...]]) -> None:
    """``value_params``' rows written with one ``executemany``, or on PostgreSQL
    with one ``COPY`` (the same rows, constraints and errors, without a statement
    per row; a failure is raised as Django's database errors, as ``executemany``'s)."""
    if not params:
        return
    alias = router.db_for_write(model)
    connection = connections[alias]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            copying = cursor.cursor.copy(copy_sql(model, alias))
            with connection.wrap_database_errors, copying as copy:
                write = copy.write_row
                for row in params:
                    write(row)
            return
        cursor.executemany(insert_sql(model, alias), params)


def insert_values(
    model: type[Model],
    rows: Sequence[dict[str, Any]],
    now: dt.datetime,
    sealed: dict[str, list[Any]] | None = None,
) -> None:
    """``insert_rows`` for rows given as ``{attname: value}``, without model instances.

    The column values are those ``bulk_create`` would write (``value_params``); one
    ``executemany``. For bulk staging, where building a model instance per row costs
    more than the row's SQL.
    """
    insert_params(model, value_params(model, rows, now, sealed))


@contextmanager
def bulk_writes(alias: str) -> Iterator[None]:
    """SQLite tuned for many large commits meanwhile, put back after.

    With SQLite's defaults (a 2 MiB page cache, a checkpoint once the WAL holds 1,000
    pages) a 5,000-row chunk of staged records dirties more pages than the cache
    holds (rows of ≈ 1 KB, and two indexes of random keys: the UUID and the NIK's
    blind index) and every commit checkpoints, i.e. copies its pages into the
    database and syncs it. A larger cache (``BULK_CACHE_KIB``) and a checkpoint
    every ``BULK_CHECKPOINT_PAGES`` pages instead: the BPJS bench file's 200,000
    rows were written in ≈ 31 instead of ≈ 84 µs a row (wall; ≈ 26 instead of ≈ 38
    µs of CPU; docs/import.md, "Throughput"). Each commit stays one transaction and
    durable as before (``synchronous`` unchanged). Other databases: nothing."""
    connection = connections[alias]
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (cache,) = cursor.fetchone()
        cursor.execute("PRAGMA wal_autocheckpoint")
        (pages,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
        cursor.execute(f"PRAGMA wal_autocheckpoint = {BULK_CHECKPOINT_PAGES}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(cache)}")
            cursor.execute(f"PRAGMA wal_autocheckpoint = {int(pages)}")
