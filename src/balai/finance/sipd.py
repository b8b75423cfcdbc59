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
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError
from balai.finance import policies
from balai.finance.constants import DocumentKind
from balai.finance.models import BudgetLine, BudgetVersion, JournalEntry
from balai.finance.services.budget import budget_line_set, item_get_or_create
from balai.finance.services.journal import spending_post

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


def budget_import(*, actor: Any, version: BudgetVersion, text: str) -> ImportResult:
    """Budget lines of a SIPD export into a draft version."""
    policies.ensure_can_manage_budget(actor)
    result = ImportResult()
    agencies = _agencies()
    for number, row in enumerate(_rows(text, BUDGET_COLUMNS), start=2):
        try:
            with transaction.atomic():
                amount = _amount(row["pagu"], "pagu")
                budget_item = _item(row, agencies)
                current = BudgetLine.objects.filter(
                    version=version, item=budget_item
                ).first()
                if current is not None and current.amount == amount:
                    result.unchanged += 1
                    continue
                budget_line_set(
                    actor=actor, version=version, item=budget_item, amount=amount
                )
                if current is None:
                    result.created += 1
                else:
                    result.updated += 1
        except BalaiError as exc:
            _reject(result, number, exc, "pagu")
    return result


def sp2d_import(*, actor: Any, text: str) -> ImportResult:
    """SP2D realisation of a SIPD export into the journal (commitment control and
    period close apply row by row)."""
    policies.ensure_can_post_entry(actor)
    result = ImportResult()
    agencies = _agencies()
    for number, row in enumerate(_rows(text, SP2D_COLUMNS), start=2):
        try:
            with transaction.atomic():
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
                    result.unchanged += 1
                    continue
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
                result.created += 1
        except BalaiError as exc:
            _reject(result, number, exc, "nilai")
    return result
