# SPDX-License-Identifier: EUPL-1.2
"""Find encrypted columns, count their tokens per key and re-encrypt them in batches.

Re-encryption is resumable: each batch commits on its own, rows already under the
active key are skipped, and each token is decrypted before it is encrypted again (and
written only if the row still holds the token that was read), so an interrupted run
that is started again loses nothing and never encrypts a token twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.apps import apps
from django.db import connections, router, transaction
from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    Model,
    Q,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.functions import StrIndex, Substr

from tqdm import tqdm

from balai.security.crypto.cipher import VERSION, decrypt, encrypt
from balai.security.crypto.fields import EncryptedField
from balai.security.crypto.keyring import Keyring, keyring

logger = logging.getLogger(__name__)

TOKEN_PREFIX = VERSION + ":"
NOT_ENCRYPTED = "(not encrypted)"


@dataclass(frozen=True)
class Column:
    """One encrypted column of one concrete model."""

    model: type[Model]
    field: EncryptedField

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}.{self.field.name}"


def encrypted_columns() -> list[Column]:
    """Every encrypted column of every installed model, in a stable order."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for model_field in model._meta.local_concrete_fields:
            if isinstance(model_field, EncryptedField):
                found.append(Column(model, model_field))
    return sorted(found, key=lambda column: column.label)


def _raw(name: str) -> ExpressionWrapper:
    """The stored token, without the field's decryption."""
    return ExpressionWrapper(F(name), output_field=TextField())


def _key_id_expression(name: str) -> Substr:
    rest = Substr(_raw(name), len(TOKEN_PREFIX) + 1)
    return Substr(rest, 1, StrIndex(rest, Value(":")) - 1, output_field=TextField())


def key_usage(column: Column) -> dict[str, int]:
    """Rows per key id in ``column`` (non-empty values that are not tokens too)."""
    name = column.field.name
    base = column.model._base_manager.annotate(_token=_raw(name)).exclude(
        Q(_token__isnull=True) | Q(_token="")
    )
    tokens = base.filter(_token__startswith=TOKEN_PREFIX)
    usage = {
        row["_kid"]: row["n"]
        for row in tokens.annotate(_kid=_key_id_expression(name))
        .values("_kid")
        .annotate(n=Count("pk"))
        .order_by()
    }
    plain = base.exclude(_token__startswith=TOKEN_PREFIX).count()
    if plain:
        usage[NOT_ENCRYPTED] = plain
    return usage


def keys_in_use() -> set[str]:
    """Key ids that at least one stored token needs."""
    used: set[str] = set()
    for column in encrypted_columns():
        used |= set(key_usage(column)) - {NOT_ENCRYPTED}
    return used


@dataclass
class RotationReport:
    rows: int = 0
    values: int = 0
    batches: int = 0
    complete: bool = True
    per_column: dict[str, int] = field(default_factory=dict)


def _stale(name: str, active: str) -> Q:
    alias = f"_t_{name}"
    return Q(**{f"{alias}__startswith": TOKEN_PREFIX}) & ~Q(
        **{f"{alias}__startswith": f"{TOKEN_PREFIX}{active}:"}
    )


def _pending(model: type[Model], names: list[str], active: str) -> QuerySet[Any]:
    annotations = {f"_t_{name}": _raw(name) for name in names}
    stale = Q()
    for name in names:
        stale |= _stale(name, active)
    return model._base_manager.annotate(**annotations).filter(stale).order_by("pk")


def _write(model: type[Model], name: str, updates: list[tuple[Any, str, str]]) -> int:
    """UPDATE only the token, only where the row still holds the token that was read."""
    if not updates:
        return 0
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    pk = model._meta.pk
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {quote(name)} = %s "  # noqa: S608
        f"WHERE {quote(pk.column)} = %s AND {quote(name)} = %s"
    )
    params = [
        (new, pk.get_db_prep_value(key, connection), old) for key, old, new in updates
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
        written = cursor.rowcount
    return written if written is not None and written >= 0 else len(updates)


def _reencrypted(
    rows: list[tuple], position: int, context: str, ring: Keyring
) -> list[tuple[Any, str, str]]:
    """(pk, old token, new token) for the row values not under the active key."""
    current = f"{TOKEN_PREFIX}{ring.active}:"
    updates = []
    for row in rows:
        old = row[position]
        if old and old.startswith(TOKEN_PREFIX) and not old.startswith(current):
            new = encrypt(decrypt(old, context, ring=ring), context, ring=ring)
            updates.append((row[0], old, new))
    return updates


def _batches(
    model: type[Model], columns: list[Column], ring: Keyring, batch_size: int
) -> Iterator[tuple[int, dict[str, int]]]:
    """Re-encrypt ``model``'s stale tokens in pk order, one committed batch per step."""
    names = [column.field.name for column in columns]
    aliases = [f"_t_{name}" for name in names]
    db = router.db_for_write(model)
    last_pk = None
    while True:
        with transaction.atomic(using=db):
            query = _pending(model, names, ring.active).using(db)
            if last_pk is not None:
                query = query.filter(pk__gt=last_pk)
            rows = list(
                query.select_for_update().values_list("pk", *aliases)[:batch_size]
            )
            if not rows:
                return
            written = {
                column.field.name: _write(
                    model,
                    column.field.name,
                    _reencrypted(rows, position, column.field.context, ring),
                )
                for position, column in enumerate(columns, start=1)
            }
        last_pk = rows[-1][0]
        yield len(rows), written


def _anything_pending(by_model: dict[type[Model], list[Column]], active: str) -> bool:
    return any(
        _pending(model, [c.field.name for c in columns], active).exists()
        for model, columns in by_model.items()
    )


def reencrypt(
    *,
    batch_size: int = 1000,
    max_batches: int | None = None,
    progress: bool = True,
    on_batch: Callable[[int], None] | None = None,
    stream: TextIO | None = None,
) -> RotationReport:
    """Bring every encrypted column under the active key, batch by batch.

    ``max_batches`` stops early (the run can be resumed); ``on_batch`` is called with
    the batch number after each committed batch.
    """
    ring = keyring()
    report = RotationReport()
    by_model: dict[type[Model], list[Column]] = {}
    for column in encrypted_columns():
        by_model.setdefault(column.model, []).append(column)
    totals = {
        model: _pending(model, [c.field.name for c in cols], ring.active).count()
        for model, cols in by_model.items()
    }
    bar = tqdm(
        total=sum(totals.values()),
        desc=f"re-encrypting under {ring.active}",
        unit="row",
        disable=not progress,
        file=stream,
    )
    try:
        for model, columns in by_model.items():
            if not totals[model]:
                continue
            batches = _batches(model, columns, ring, batch_size)
            while True:
                if max_batches is not None and report.batches >= max_batches:
                    break
                step = next(batches, None)
                if step is None:
                    break
                rows, written = step
                report.batches += 1
                report.rows += rows
                for name, count in written.items():
                    label = f"{model._meta.label}.{name}"
                    report.per_column[label] = report.per_column.get(label, 0) + count
                    report.values += count
                bar.update(rows)
                if on_batch is not None:
                    on_batch(report.batches)
        # Rows changed by the application meanwhile were left alone: count what is
        # left rather than assume, so that the caller can say "run --resume".
        report.complete = not _anything_pending(by_model, ring.active)
    finally:
        bar.close()
        logger.info(
            "security.reencrypt active=%s rows=%s values=%s batches=%s complete=%s",
            ring.active,
            report.rows,
            report.values,
            report.batches,
            report.complete,
        )
    return report
