# SPDX-License-Identifier: EUPL-1.2
"""Data-migration helpers: encrypt plaintext already in a column, or decrypt it back.

Use them in a ``RunPython`` right after the ``AlterField`` to an encrypted field::

    migrations.RunPython(
        encrypt_existing("accounts.User", ["email", "nik"]),
        decrypt_existing("accounts.User", ["email", "nik"]),
    )

They read and write raw column values (no model ``save()``), skip values that are
already tokens, and fill the model's blind indexes of those fields.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from balai.security.crypto.cipher import decrypt, encrypt, is_token
from balai.security.crypto.fields import BlindIndexField

Migrator = Callable[[Any, Any], None]
BATCH = 500


def _rows(schema_editor: Any, table: str, columns: list[str]) -> list[tuple]:
    quote = schema_editor.connection.ops.quote_name
    sql = f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table)}"  # noqa: S608
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(sql)
        return list(cursor.fetchall())


def _update(
    schema_editor: Any, table: str, pk: str, assignments: list[tuple[str, list]]
) -> None:
    """``assignments``: one (column, [(value, pk), ...]) per column."""
    quote = schema_editor.connection.ops.quote_name
    with schema_editor.connection.cursor() as cursor:
        for column, params in assignments:
            sql = (
                f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE {quote(pk)} = %s"  # noqa: S608
            )
            for start in range(0, len(params), BATCH):
                cursor.executemany(sql, params[start : start + BATCH])


def _text(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def encrypt_existing(label: str, names: list[str]) -> Migrator:
    """A RunPython function encrypting plaintext in ``label``'s ``names``."""

    def run(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(label)
        meta = model._meta
        fields = [meta.get_field(name) for name in names]
        indexes = [
            f
            for f in meta.concrete_fields
            if isinstance(f, BlindIndexField) and f.source in names
        ]
        pk = meta.pk.column
        rows = _rows(schema_editor, meta.db_table, [pk, *(f.column for f in fields)])
        updates: dict[str, list] = {f.column: [] for f in [*fields, *indexes]}
        for row in rows:
            plain: dict[str, str | None] = {}
            for position, field in enumerate(fields, start=1):
                raw = row[position]
                if raw is None or raw == "":
                    plain[field.name] = None
                    continue
                if is_token(raw):
                    plain[field.name] = decrypt(raw, field.context)
                    continue
                plain[field.name] = _text(raw)
                updates[field.column].append(
                    (encrypt(_text(raw), field.context), row[0])
                )
            for index in indexes:
                updates[index.column].append(
                    (index.index_of(plain[index.source]), row[0])
                )
        _update(schema_editor, meta.db_table, pk, list(updates.items()))

    return run


def decrypt_existing(label: str, names: list[str]) -> Migrator:
    """The reverse of ``encrypt_existing``: tokens back to plaintext."""

    def run(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(label)
        meta = model._meta
        fields = [meta.get_field(name) for name in names]
        pk = meta.pk.column
        rows = _rows(schema_editor, meta.db_table, [pk, *(f.column for f in fields)])
        updates: dict[str, list] = {f.column: [] for f in fields}
        for row in rows:
            for position, field in enumerate(fields, start=1):
                if is_token(row[position]):
                    plain = decrypt(row[position], field.context)
                    updates[field.column].append((plain, row[0]))
        _update(schema_editor, meta.db_table, pk, list(updates.items()))

    return run
