# SPDX-License-Identifier: EUPL-1.2
"""Imports of SIPD-style CSV exports: budget lines into a draft version and SP2D
realisation into the journal.

Every row is checked on its own; bad rows are rejected with their row number, field
and reason (the rejection report) and the good rows go in. Re-importing the same file
changes nothing: a budget line already at the amount is left alone, and an SP2D
number already in the journal is skipped. Codes are normalised as SIPD writes them
(two-digit sub-activities, padded account levels).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import itertools
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError
from balai.finance import policies
from balai.finance.constants import BatchStatus, DocumentKind, ImportKind
from balai.finance.models import (
    BudgetLine,
    BudgetVersion,
    ImportBatch,
    ImportRejection,
    JournalEntry,
)
from balai.finance.services.budget import budget_line_set, item_get_or_create
from balai.finance.services.journal import spending_post
from balai.security import audit

logger = logging.getLogger(__name__)

BUDGET_COLUMNS = (
    "kode_skpd",
    "kode_sub_kegiatan",
    "kode_rekening",
    "sumber_dana",
    "kode_lokasi",
    "pagu",
)
SP2D_COLUMNS = (
    "nomor_sp2d",
    "tanggal",
    "kode_skpd",
    "kode_sub_kegiatan",
    "kode_rekening",
    "sumber_dana",
    "kode_lokasi",
    "nilai",
    "uraian",
)
CASH_PLAN_COLUMNS = (
    "tahun",
    "bulan",
    "kode_skpd",
    "kode_sub_kegiatan",
    "kode_rekening",
    "sumber_dana",
    "kode_lokasi",
    "nilai",
)


@dataclass
class Rejection:
    row: int
    field: str
    reason: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)

    def report_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["row", "field", "reason"])
        writer.writerows((r.row, r.field, r.reason) for r in self.rejected)
        return out.getvalue()


def _rows(text: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise BalaiError(
            _("The file lacks the columns: %(columns)s")
            % {"columns": ", ".join(missing)},
            code="invalid_file",
        )
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def _agencies() -> dict[str, Any]:
    from balai.accounts.models import Agency  # read only: resolve agency codes

    return {a.code: a for a in Agency.objects.filter(is_active=True)}


def _amount(text: str, column: str) -> Decimal:
    """``1500000``, ``1.500.000`` (Indonesian thousands) or ``1500000.00``."""
    text = text.replace(" ", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    text = re.sub(r"[.,]00?$", "", text)
    if not re.fullmatch(r"\d+", text):
        raise BalaiError(
            _("Not a whole amount of rupiah."),
            code="invalid_amount",
            field_errors={column: []},
        )
    return Decimal(text)


def _item(row: dict[str, str], agencies: dict[str, Any]) -> Any:
    agency = agencies.get(row["kode_skpd"])
    if agency is None:
        raise BalaiError(
            _("Unknown agency code."),
            code="unknown_code",
            field_errors={"kode_skpd": []},
        )
    try:
        return item_get_or_create(
            agency=agency,
            sub_activity_code=row["kode_sub_kegiatan"],
            account_code=row["kode_rekening"],
            fund_code=row["sumber_dana"],
            location_code=row["kode_lokasi"] or "32.73",
        )
    except BalaiError as exc:
        columns = {
            "sub_activity": "kode_sub_kegiatan",
            "account": "kode_rekening",
            "fund": "sumber_dana",
            "location": "kode_lokasi",
        }
        raise BalaiError(
            exc.message,
            code=exc.code,
            field_errors={columns.get(k, k): v for k, v in exc.field_errors.items()},
        ) from exc


def _reject(result: ImportResult, number: int, exc: BalaiError, default: str) -> None:
    fields = list(exc.field_errors) or [default]
    for name in fields:
        detail = (
            "; ".join(str(m) for m in exc.field_errors.get(name, [])) or exc.message
        )
        result.rejected.append(Rejection(row=number, field=name, reason=detail))


def _budget_row(
    *, actor: Any, version: BudgetVersion, row: dict[str, str], agencies: Any
) -> str:
    amount = _amount(row["pagu"], "pagu")
    budget_item = _item(row, agencies)
    current = BudgetLine.objects.filter(version=version, item=budget_item).first()
    if current is not None and current.amount == amount:
        return "unchanged"
    budget_line_set(actor=actor, version=version, item=budget_item, amount=amount)
    return "created" if current is None else "updated"


def _sp2d_row(*, actor: Any, row: dict[str, str], agencies: Any) -> str:
    sp2d = row["nomor_sp2d"]
    if not sp2d:
        raise BalaiError(
            _("The SP2D number is missing."),
            code="invalid_input",
            field_errors={"nomor_sp2d": []},
        )
    if JournalEntry.objects.filter(
        document__kind=DocumentKind.SP2D, document__number=sp2d
    ).exists():
        return "unchanged"
    try:
        date = dt.date.fromisoformat(row["tanggal"])
    except ValueError as exc:
        raise BalaiError(
            _("The date is not YYYY-MM-DD."),
            code="invalid_input",
            field_errors={"tanggal": []},
        ) from exc
    spending_post(
        actor=actor,
        item=_item(row, agencies),
        amount=_amount(row["nilai"], "nilai"),
        date=date,
        document_number=sp2d,
        description=row.get("uraian") or sp2d,
    )
    return "created"


def _cash_plan_row(*, actor: Any, row: dict[str, str], agencies: Any) -> str:
    from balai.finance.services.budget import cash_plan_set

    try:
        year = int(row["tahun"])
        month = int(row["bulan"])
    except ValueError as exc:
        raise BalaiError(
            _("The year and month must be numbers."),
            code="invalid_input",
            field_errors={"bulan": []},
        ) from exc
    return cash_plan_set(
        actor=actor,
        item=_item(row, agencies),
        year=year,
        month=month,
        amount=_amount(row["nilai"], "nilai"),
    )


def _apply(
    result: ImportResult, number: int, default: str, work: Any, **kwargs: Any
) -> None:
    try:
        with transaction.atomic():
            outcome = work(**kwargs)
    except BalaiError as exc:
        _reject(result, number, exc, default)
        return
    setattr(result, outcome, getattr(result, outcome) + 1)


def budget_import(*, actor: Any, version: BudgetVersion, text: str) -> ImportResult:
    """Budget lines of a SIPD export into a draft version."""
    policies.ensure_can_manage_budget(actor)
    result = ImportResult()
    agencies = _agencies()
    for number, row in enumerate(_rows(text, BUDGET_COLUMNS), start=2):
        _apply(
            result,
            number,
            "pagu",
            _budget_row,
            actor=actor,
            version=version,
            row=row,
            agencies=agencies,
        )
    return result


def sp2d_import(*, actor: Any, text: str) -> ImportResult:
    """SP2D realisation of a SIPD export into the journal (commitment control and
    period close apply row by row)."""
    policies.ensure_can_post_entry(actor)
    result = ImportResult()
    agencies = _agencies()
    for number, row in enumerate(_rows(text, SP2D_COLUMNS), start=2):
        _apply(
            result, number, "nilai", _sp2d_row, actor=actor, row=row, agencies=agencies
        )
    return result


# --- batches: CSV or XLSX files, chunked, resumable ---------------------------------

XLSX_MAGIC = b"PK\x03\x04"


def file_format(data: bytes, name: str = "") -> str:
    """``xlsx`` for an Office Open XML workbook (a zip), otherwise ``csv``."""
    if data[:4] == XLSX_MAGIC or name.lower().endswith(".xlsx"):
        return "xlsx"
    return "csv"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header(names: list[str], columns: tuple[str, ...]) -> list[str]:
    names = [n.strip().lower() for n in names]
    missing = [c for c in columns if c not in names]
    if missing:
        raise BalaiError(
            _("The file lacks the columns: %(columns)s")
            % {"columns": ", ".join(missing)},
            code="invalid_file",
        )
    return names


def file_rows(
    data: bytes, fmt: str, columns: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number as in the file, row) pairs; the header is row 1. XLSX is read
    with openpyxl in read-only mode (streamed, the first sheet); numbers written as
    numbers and dates as dates are turned back into SIPD's text."""
    if fmt == "xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # any unreadable workbook (zip, XML, openpyxl)
            raise BalaiError(
                _("The file is not a readable XLSX workbook."), code="invalid_file"
            ) from exc
        try:
            sheet = book.worksheets[0]
            values = sheet.iter_rows(values_only=True)
            first = next(values, None)
            names = _header([_cell(v) for v in (first or ())], columns)
            for number, cells in enumerate(values, start=2):
                texts = [_cell(v) for v in cells]
                if not any(texts):
                    continue
                yield (
                    number,
                    {
                        k: (texts[i] if i < len(texts) else "")
                        for i, k in enumerate(names)
                        if k
                    },
                )
        finally:
            book.close()
        return
    text = data.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    names = _header(next(reader, []), columns)
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        yield (
            number,
            {
                k: (cells[i].strip() if i < len(cells) else "")
                for i, k in enumerate(names)
                if k
            },
        )


KINDS: dict[str, tuple[tuple[str, ...], str, Any]] = {
    ImportKind.BUDGET: (BUDGET_COLUMNS, "pagu", _budget_row),
    ImportKind.SP2D: (SP2D_COLUMNS, "nilai", _sp2d_row),
    ImportKind.CASH_PLAN: (CASH_PLAN_COLUMNS, "nilai", _cash_plan_row),
}
CHUNK_ROWS = 200


def batch_import(
    *,
    actor: Any,
    kind: str,
    data: bytes,
    file_name: str,
    version: BudgetVersion | None = None,
    chunk_rows: int = CHUNK_ROWS,
    after_chunk: Callable[[ImportBatch], None] | None = None,
) -> ImportBatch:
    """Import one SIPD-style file (CSV or XLSX) as a recorded batch.

    Rows are applied in chunks; a chunk's rows, rejections and the checkpoint
    commit together. An unfinished batch of the same file (checksum, kind, version)
    is resumed after its last committed row. A finished file imported again makes a
    new batch whose rows all come out unchanged (or rejected as before): the books
    do not change."""
    if kind == ImportKind.SP2D:
        policies.ensure_can_post_entry(actor)
    else:
        policies.ensure_can_manage_budget(actor)
    if kind == ImportKind.BUDGET and version is None:
        raise BalaiError(
            _("Choose the budget version to import into."),
            code="invalid_input",
            field_errors={"version": []},
        )
    columns, default, work = KINDS[kind]
    fmt = file_format(data, file_name)
    sha = hashlib.sha256(data).hexdigest()
    rows = file_rows(data, fmt, columns)
    first = next(rows, None)  # reads (and checks) the header before any batch
    batch = (
        ImportBatch.objects.filter(
            kind=kind,
            version=version if kind == ImportKind.BUDGET else None,
            file_sha256=sha,
            status=BatchStatus.RUNNING,
        )
        .order_by("created_at")
        .first()
    )
    if batch is None:
        batch = ImportBatch.objects.create(
            kind=kind,
            version=version if kind == ImportKind.BUDGET else None,
            file_name=file_name[:255],
            file_sha256=sha,
            file_format=fmt,
            created_by=actor,
        )
    else:
        logger.info("finance.import.resume batch=%s after=%s", batch.pk, batch.last_row)
    agencies = _agencies()
    extra: dict[str, Any] = {"version": version} if kind == ImportKind.BUDGET else {}
    chunk: list[tuple[int, dict[str, str]]] = []

    def commit(chunk: list[tuple[int, dict[str, str]]]) -> None:
        result = ImportResult()
        with transaction.atomic():
            for number, row in chunk:
                _apply(
                    result,
                    number,
                    default,
                    work,
                    actor=actor,
                    row=row,
                    agencies=agencies,
                    **extra,
                )
            ImportRejection.objects.bulk_create(
                ImportRejection(
                    batch=batch, row_number=r.row, field=r.field, reason=r.reason
                )
                for r in result.rejected
            )
            batch.rows_total += len(chunk)
            batch.rows_created += result.created
            batch.rows_updated += result.updated
            batch.rows_unchanged += result.unchanged
            batch.rows_rejected += len({r.row for r in result.rejected})
            batch.last_row = chunk[-1][0]
            batch.save()
        if after_chunk is not None:
            after_chunk(batch)

    for number, row in itertools.chain([first] if first else [], rows):
        if number <= batch.last_row:
            continue
        chunk.append((number, row))
        if len(chunk) >= chunk_rows:
            commit(chunk)
            chunk = []
    if chunk:
        commit(chunk)
    batch.status = BatchStatus.DONE
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "finished_at", "updated_at"])
    audit.record(actor=actor, action="finance_import.finish", target=batch)
    return batch


def batch_result(batch: ImportBatch) -> ImportResult:
    """A batch as the CSV path's result (the same rejection report)."""
    return ImportResult(
        created=batch.rows_created,
        updated=batch.rows_updated,
        unchanged=batch.rows_unchanged,
        rejected=[
            Rejection(row=r.row_number, field=r.field, reason=r.reason)
            for r in batch.rejections.all()
        ],
    )
