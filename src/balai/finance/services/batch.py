# SPDX-License-Identifier: EUPL-1.2
"""Posting many SP2Ds and STSs of one day at once: the entries, lines, rollups and
audit entries ``spending_post``/``revenue_post`` would write one by one, with the same
checks, in a constant number of statements (a loader or the demo seeder posts a
month of a city's realisation this way)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError
from balai.finance import codes, policies
from balai.finance.constants import (
    CASH_ACCOUNT,
    Dimension,
    DocumentKind,
    EntryKind,
    ErrorCode,
)
from balai.finance.models import (
    BudgetItem,
    BudgetLine,
    JournalEntry,
    JournalLine,
    RollupCell,
    SourceDocument,
)
from balai.finance.services.budget import version_in_force
from balai.finance.services.journal import (
    CellKey,
    Posting,
    _add_to_rollups,
    _check_balanced,
    _ensure_open,
    add_rollup_deltas,
    entry_cells,
    journal_lines,
    leaf_accounts,
    no_budget_error,
    over_budget_error,
)
from balai.security import audit


@dataclass(frozen=True)
class Transfer:
    """One SP2D (``kind`` spending) or STS (``kind`` revenue) of a batch."""

    kind: str
    item: BudgetItem
    amount: Any
    document_number: str
    description: str


def _postings(transfer: Transfer) -> list[Posting]:
    value = Decimal(str(transfer.amount))
    if transfer.kind == EntryKind.SPENDING:
        if not transfer.document_number.strip():
            raise BalaiError(
                _("Spending needs its SP2D number."),
                code=ErrorCode.INVALID_AMOUNT,
                field_errors={"document_number": [_("Enter the SP2D number.")]},
            )
        return [
            Posting(
                account=transfer.item.account.code, debit=value, item=transfer.item
            ),
            Posting(account=CASH_ACCOUNT, credit=value),
        ]
    if transfer.kind == EntryKind.REVENUE:
        return [
            Posting(account=CASH_ACCOUNT, debit=value),
            Posting(
                account=transfer.item.account.code, credit=value, item=transfer.item
            ),
        ]
    raise ValueError(f"A batch posts spending or revenue, not {transfer.kind!r}.")


def _realised_by_item(pks: list[Any], fiscal_year: int) -> dict[str, Decimal]:
    """Each item's realisation in the year: one grouped read of its rollup cells."""
    if not pks:
        return {}
    marks = ", ".join(["%s"] * len(pks))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT key, SUM(amount) FROM {RollupCell._meta.db_table} "  # noqa: S608
            f"WHERE dimension = %s AND fiscal_year = %s AND key IN ({marks}) "
            "GROUP BY key",
            [Dimension.ITEM.value, fiscal_year, *[str(pk) for pk in pks]],
        )
        return {key: Decimal(total or 0) for key, total in cursor.fetchall()}


def _commitment_control(postings: list[list[Posting]], fiscal_year: int) -> None:
    """As a series of ``spending_post`` calls would: each entry in turn may spend at
    most what its line has left after the entries before it."""
    spending = [
        (p.item, p.debit - p.credit)
        for entry in postings
        for p in entry
        if p.item is not None and codes.is_outflow(p.account)
    ]
    pks = sorted({item.pk for item, _amount in spending}, key=str)
    if not pks:
        return
    # one spender at a time per line: the row locks serialise the check
    list(BudgetItem.objects.select_for_update().filter(pk__in=pks).order_by("pk"))
    version = version_in_force(fiscal_year=fiscal_year)
    ceilings = (
        dict(
            BudgetLine.objects.filter(version=version, item_id__in=pks).values_list(
                "item_id", "amount"
            )
        )
        if version is not None
        else {}
    )
    spent = _realised_by_item(pks, fiscal_year)
    for item, amount in spending:
        if amount <= 0:
            continue
        ceiling = ceilings.get(item.pk)
        if ceiling is None:
            raise no_budget_error(item, fiscal_year)
        remaining = ceiling - spent.get(str(item.pk), Decimal(0))
        if amount > remaining:
            raise over_budget_error(item, remaining, ceiling, amount)
        spent[str(item.pk)] = spent.get(str(item.pk), Decimal(0)) + amount


def _documents(transfers: list[Transfer], date: dt.date) -> list[SourceDocument]:
    """Each transfer's SP2D or STS, found by its number or created (as ``_document``
    does one at a time)."""
    keys = [
        (
            DocumentKind.SP2D if t.kind == EntryKind.SPENDING else DocumentKind.STS,
            t.document_number.strip()
            if t.kind == EntryKind.SPENDING
            else t.document_number,
            t.description,
        )
        for t in transfers
    ]
    found = {
        (d.kind, d.number): d
        for d in SourceDocument.objects.filter(
            number__in={number for _kind, number, _d in keys}
        )
    }
    new: list[SourceDocument] = []
    for kind, number, description in keys:
        if (kind, number) not in found:
            found[(kind, number)] = SourceDocument(
                kind=kind, number=number, date=date, description=description[:300]
            )
            new.append(found[(kind, number)])
    SourceDocument.objects.bulk_create(new)
    return [found[(kind, number)] for kind, number, _d in keys]


@transaction.atomic
def transfers_post(
    *, actor: Any, date: dt.date, transfers: list[Transfer]
) -> list[JournalEntry]:
    """Post ``transfers`` of ``date`` in their order, all or none: the same entries,
    checks (period open, accounts of the lowest level, commitment control in order)
    and audit entries as ``spending_post``/``revenue_post`` called for each."""
    policies.ensure_can_post_entry(actor)
    if not transfers:
        return []
    postings = [_postings(t) for t in transfers]
    for entry_postings in postings:
        _check_balanced(entry_postings)
    _ensure_open(date)
    accounts = leaf_accounts(
        {p.account for entry_postings in postings for p in entry_postings}
    )
    _commitment_control(postings, date.year)
    documents = _documents(transfers, date)
    entries = []
    for transfer, document in zip(transfers, documents, strict=True):
        entry = JournalEntry(
            fiscal_year=date.year,
            date=date,
            kind=transfer.kind,
            description=transfer.description[:300],
            document=document,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        # the document and the actor are in hand, and the id is a fresh UUID: no
        # query per entry to find them or to check the id is unused
        entry.full_clean(
            exclude=["reverses", "settlement_reference", "document", "created_by"],
            validate_unique=False,
        )
        entries.append(entry)
    JournalEntry.objects.bulk_create(entries)
    JournalLine.objects.bulk_create(
        [
            line
            for entry, entry_postings in zip(entries, postings, strict=True)
            for line in journal_lines(entry, entry_postings, accounts, date)
        ]
    )
    deltas: dict[CellKey, Decimal] = defaultdict(Decimal)
    counts: dict[CellKey, int] = defaultdict(int)
    for entry_postings in postings:
        for cell in entry_cells(entry_postings, date.year, date.month):
            counts[cell] += 1
        add_rollup_deltas(deltas, entry_postings, date)
    _add_to_rollups(deltas, counts)
    audit.record_each(actor=actor, action="journal_entry.post", targets=entries)
    return entries
