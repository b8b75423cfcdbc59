# SPDX-License-Identifier: EUPL-1.2
"""Posting to the journal: balanced entries, reversals, period close, commitment
control, and the rollups kept in the same transaction as the entry."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError, Conflict
from balai.finance import codes, policies
from balai.finance.constants import (
    CASH_ACCOUNT,
    Dimension,
    DocumentKind,
    EntryKind,
    ErrorCode,
)
from balai.finance.models import (
    Account,
    BudgetItem,
    BudgetLine,
    FiscalPeriod,
    JournalEntry,
    JournalLine,
    RevenueRoute,
    RollupCell,
    SourceDocument,
)
from balai.finance.money import rupiah
from balai.finance.services.budget import version_in_force
from balai.security import audit

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Posting:
    """One line to post: an account code, optionally a budget item, one side."""

    account: str
    debit: Decimal = Decimal(0)
    credit: Decimal = Decimal(0)
    item: BudgetItem | None = None


def _ensure_open(date: dt.date) -> None:
    period = FiscalPeriod.objects.filter(
        fiscal_year=date.year, month=date.month
    ).first()
    if period is not None and period.closed_at is not None:
        raise Conflict(
            _("The period %(month)02d/%(year)s is closed; post into an open month.")
            % {"month": date.month, "year": date.year},
            code=ErrorCode.PERIOD_CLOSED,
        )


def leaf_accounts(codes: set[str]) -> dict[str, Account]:
    """The accounts of ``codes`` by code; every one must exist and be of the lowest
    level (sub-rincian), or nothing is posted."""
    accounts = {a.code: a for a in Account.objects.filter(code__in=codes)}
    unknown = sorted(codes - accounts.keys())
    if unknown or any(a.level != 6 for a in accounts.values()):
        raise BalaiError(
            _("Post only to known accounts of the lowest level: %(codes)s")
            % {"codes": ", ".join(unknown or sorted(accounts))},
            code=ErrorCode.UNKNOWN_CODE,
        )
    return accounts


def journal_lines(
    entry: JournalEntry,
    postings: list[Posting],
    accounts: dict[str, Account],
    date: dt.date,
) -> list[JournalLine]:
    """The (unsaved) lines of ``entry``, one per posting."""
    return [
        JournalLine(
            entry=entry,
            account=accounts[p.account],
            item=p.item,
            fiscal_year=date.year,
            month=date.month,
            debit=p.debit,
            credit=p.credit,
        )
        for p in postings
    ]


def add_rollup_deltas(
    deltas: dict[CellKey, Decimal], postings: list[Posting], date: dt.date
) -> None:
    """Add what ``postings`` realise to ``deltas``, per rollup cell of the month."""
    for p in postings:
        if p.item is None:
            continue
        effect = realisation_effect(p.account, p.debit, p.credit)
        for dimension, key in rollup_keys(p.item, p.account):
            deltas[(dimension, key, date.year, date.month)] += effect


def _check_balanced(postings: list[Posting]) -> None:
    if not postings:
        raise BalaiError(
            _("An entry needs at least two lines."), code=ErrorCode.EMPTY_ENTRY
        )
    for p in postings:
        if p.debit < 0 or p.credit < 0 or (p.debit > 0) == (p.credit > 0):
            raise BalaiError(
                _("Each line is either a debit or a credit of a positive amount."),
                code=ErrorCode.INVALID_AMOUNT,
            )
        if (
            p.debit != p.debit.to_integral_value()
            or p.credit != p.credit.to_integral_value()
        ):
            raise BalaiError(
                _("Amounts are whole rupiah."), code=ErrorCode.INVALID_AMOUNT
            )
    debit = sum((p.debit for p in postings), Decimal(0))
    credit = sum((p.credit for p in postings), Decimal(0))
    if debit != credit:
        raise BalaiError(
            _("Debits (%(debit)s) and credits (%(credit)s) must be equal.")
            % {"debit": rupiah(debit), "credit": rupiah(credit)},
            code=ErrorCode.UNBALANCED_ENTRY,
        )


def realisation_effect(account_code: str, debit: Decimal, credit: Decimal) -> Decimal:
    """What a line adds to realisation in its account's own direction."""
    return debit - credit if codes.is_outflow(account_code) else credit - debit


def rollup_keys(item: BudgetItem, account_code: str) -> list[tuple[str, str]]:
    """Every (dimension, key) cell one posted line of ``item`` moves."""
    akun = account_code[0]
    keys = [(Dimension.ITEM.value, str(item.pk))]
    keys += [
        (Dimension.ACCOUNT.value, code)
        for code in codes.ancestors(account_code, codes.account_parent)
    ]
    keys += [
        (Dimension.ACTIVITY.value, f"{code}|{akun}")
        for code in codes.ancestors(item.sub_activity.code, codes.activity_parent)
    ]
    keys.append((Dimension.AGENCY.value, f"{item.agency.code}|{akun}"))
    keys.append((Dimension.FUND.value, f"{item.fund.code}|{akun}"))
    keys.append((Dimension.LOCATION.value, f"{item.location.code}|{akun}"))
    return keys


# cells per upsert statement (6 parameters each; SQLite allows 32,766 per statement)
ROLLUP_CHUNK = 1000

# a rollup cell: (dimension, key, fiscal year, month)
CellKey = tuple[str, str, int, int]


def entry_cells(postings: list[Posting], fiscal_year: int, month: int) -> set[CellKey]:
    """The item cells one entry counts in: once per item it has a line of, however
    many lines (the count a line's entries page shows)."""
    return {
        (Dimension.ITEM.value, str(p.item.pk), fiscal_year, month)
        for p in postings
        if p.item is not None
    }


def _add_to_rollups(
    deltas: dict[CellKey, Decimal], entries: Mapping[CellKey, int] | None = None
) -> None:
    """Add each delta to its cell's amount and each count to its cell's entries,
    creating the cell if needed: one multi-row upsert statement (per ROLLUP_CHUNK
    cells) that is safe under concurrent posting (the same SQL on SQLite and
    PostgreSQL). The cells go in key order, so two entries posted at once lock their
    shared cells in the same order and never deadlock. A cell whose amount does not
    move still counts its entries (lines that cancel out are entries all the same)."""
    counts = entries or {}
    rows = sorted(
        (d, k, y, m, deltas.get((d, k, y, m), Decimal(0)), counts.get((d, k, y, m), 0))
        for (d, k, y, m) in deltas.keys() | counts.keys()
    )
    rows = [row for row in rows if row[4] or row[5]]
    if not rows:
        return
    table = connection.ops.quote_name(RollupCell._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), ROLLUP_CHUNK):
            chunk = rows[start : start + ROLLUP_CHUNK]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} "  # noqa: S608
                "(dimension, key, fiscal_year, month, amount, entries) "
                f"VALUES {values} "
                "ON CONFLICT (dimension, key, fiscal_year, month) "
                f"DO UPDATE SET amount = {table}.amount + excluded.amount, "
                f"entries = {table}.entries + excluded.entries",
                [v for d, k, y, m, a, n in chunk for v in (d, k, y, m, str(a), n)],
            )


def ceiling_of(item: BudgetItem, fiscal_year: int) -> Decimal | None:
    """The item's ceiling in the version in force, or None without a line."""
    version = version_in_force(fiscal_year=fiscal_year)
    if version is None:
        return None
    line = BudgetLine.objects.filter(version=version, item=item).first()
    return None if line is None else line.amount


def realised(item: BudgetItem, fiscal_year: int) -> Decimal:
    """An item's realisation in a year: one aggregate over its (at most 12) rollup
    cells, read from the cells' covering (dimension, fiscal_year, key, month, amount)
    index alone."""
    # one plain statement: the commitment check and the dashboards call this per
    # line, and the ORM's query building costs more than the indexed read itself
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT SUM(amount) FROM {RollupCell._meta.db_table} "  # noqa: S608
            "WHERE dimension = %s AND key = %s AND fiscal_year = %s",
            [Dimension.ITEM.value, str(item.pk), fiscal_year],
        )
        total = cursor.fetchone()[0]
    return Decimal(total or 0)


def _commitment_control(
    postings: list[Posting], fiscal_year: int, *, allow_unbudgeted: bool
) -> None:
    """Refuse spending above the remaining budget of its line, with the figures."""
    spend: dict[Any, Decimal] = defaultdict(Decimal)
    items: dict[Any, BudgetItem] = {}
    for p in postings:
        if p.item is not None and codes.is_outflow(p.account):
            spend[p.item.pk] += p.debit - p.credit
            items[p.item.pk] = p.item
    for pk in sorted(spend, key=str):
        amount = spend[pk]
        if amount <= 0:
            continue
        # one spender at a time per line: the row lock serialises the check
        item = BudgetItem.objects.select_for_update().get(pk=pk)
        ceiling = ceiling_of(item, fiscal_year)
        if ceiling is None:
            if allow_unbudgeted:
                continue
            raise no_budget_error(items[pk], fiscal_year)
        remaining = ceiling - realised(item, fiscal_year)
        if amount > remaining:
            raise over_budget_error(items[pk], remaining, ceiling, amount)


def no_budget_error(item: BudgetItem, fiscal_year: int) -> BalaiError:
    """Commitment control's refusal of spending on a line without a ceiling."""
    return BalaiError(
        _("Refused: %(line)s has no budget in the version in force for %(year)s.")
        % {"line": str(item), "year": fiscal_year},
        code=ErrorCode.NO_BUDGET,
    )


def over_budget_error(
    item: BudgetItem, remaining: Decimal, ceiling: Decimal, amount: Decimal
) -> BalaiError:
    """Commitment control's refusal of spending above a line's remaining budget."""
    return BalaiError(
        _(
            "Refused: %(line)s has %(remaining)s of %(ceiling)s left; this "
            "entry spends %(amount)s, %(over)s more than the budget allows."
        )
        % {
            "line": str(item),
            "remaining": rupiah(remaining),
            "ceiling": rupiah(ceiling),
            "amount": rupiah(amount),
            "over": rupiah(amount - remaining),
        },
        code=ErrorCode.OVER_BUDGET,
        remaining=str(remaining),
        requested=str(amount),
    )


def _post(
    *,
    actor: Any,
    date: dt.date,
    kind: str,
    description: str,
    postings: list[Posting],
    document: SourceDocument | None = None,
    reverses: JournalEntry | None = None,
    settlement_reference: str | None = None,
    control: bool = True,
) -> JournalEntry:
    _check_balanced(postings)
    _ensure_open(date)
    accounts = leaf_accounts({p.account for p in postings})
    if control:
        _commitment_control(postings, date.year, allow_unbudgeted=False)
    entry = JournalEntry(
        fiscal_year=date.year,
        date=date,
        kind=kind,
        description=description[:300],
        document=document,
        reverses=reverses,
        settlement_reference=settlement_reference,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    # the fields' own rules; the foreign keys and the new primary key are the
    # database's to check (three lookups per entry that it repeats anyway)
    entry.full_clean(
        exclude=["reverses", "settlement_reference", "document", "created_by"],
        validate_unique=False,
    )
    entry.save()
    JournalLine.objects.bulk_create(journal_lines(entry, postings, accounts, date))
    deltas: dict[CellKey, Decimal] = defaultdict(Decimal)
    add_rollup_deltas(deltas, postings, date)
    _add_to_rollups(
        deltas, dict.fromkeys(entry_cells(postings, date.year, date.month), 1)
    )
    return entry


def _document(
    kind: str, number: str, date: dt.date, description: str
) -> SourceDocument:
    document, _created = SourceDocument.objects.get_or_create(
        kind=kind,
        number=number,
        defaults={"date": date, "description": description[:300]},
    )
    return document


@transaction.atomic
def spending_post(
    *,
    actor: Any,
    item: BudgetItem,
    amount: Any,
    date: dt.date,
    document_number: str,
    description: str,
) -> JournalEntry:
    """Post an SP2D: the item's expense account debited, cash credited; refused
    above the line's remaining budget."""
    policies.ensure_can_post_entry(actor)
    value = Decimal(str(amount))
    if not document_number.strip():
        raise BalaiError(
            _("Spending needs its SP2D number."),
            code=ErrorCode.INVALID_AMOUNT,
            field_errors={"document_number": [_("Enter the SP2D number.")]},
        )
    document = _document(DocumentKind.SP2D, document_number.strip(), date, description)
    entry = _post(
        actor=actor,
        date=date,
        kind=EntryKind.SPENDING,
        description=description,
        document=document,
        postings=[
            Posting(account=item.account.code, debit=value, item=item),
            Posting(account=CASH_ACCOUNT, credit=value),
        ],
    )
    audit.record(actor=actor, action="journal_entry.post", target=entry)
    return entry


@transaction.atomic
def revenue_post(
    *,
    actor: Any,
    item: BudgetItem,
    amount: Any,
    date: dt.date,
    document_kind: str = DocumentKind.STS,
    document_number: str,
    description: str,
    settlement_reference: str | None = None,
) -> JournalEntry:
    """Post revenue: cash debited, the item's revenue account credited."""
    if actor is not None:
        policies.ensure_can_post_entry(actor)
    value = Decimal(str(amount))
    document = _document(document_kind, document_number, date, description)
    entry = _post(
        actor=actor,
        date=date,
        kind=EntryKind.REVENUE,
        description=description,
        document=document,
        settlement_reference=settlement_reference,
        postings=[
            Posting(account=CASH_ACCOUNT, debit=value),
            Posting(account=item.account.code, credit=value, item=item),
        ],
    )
    audit.record(actor=actor, action="journal_entry.post", target=entry)
    return entry


@transaction.atomic
def entry_post(
    *,
    actor: Any,
    date: dt.date,
    kind: str,
    description: str,
    postings: list[Posting],
    document_kind: str = DocumentKind.MEMO,
    document_number: str,
) -> JournalEntry:
    """Post a general entry of any balanced lines (commitment control applies)."""
    policies.ensure_can_post_entry(actor)
    document = _document(document_kind, document_number, date, description)
    entry = _post(
        actor=actor,
        date=date,
        kind=kind,
        description=description,
        postings=postings,
        document=document,
    )
    audit.record(actor=actor, action="journal_entry.post", target=entry)
    return entry


@transaction.atomic
def entry_reverse(
    *, actor: Any, entry: JournalEntry, date: dt.date, reason: str
) -> JournalEntry:
    """Undo an entry by posting its mirror image; the original stays as it was."""
    policies.ensure_can_post_entry(actor)
    entry = JournalEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.kind == EntryKind.REVERSAL:
        raise Conflict(
            _("A reversal is not reversed; post a new entry instead."),
            code=ErrorCode.NOT_REVERSIBLE,
        )
    if JournalEntry.objects.filter(reverses=entry).exists():
        raise Conflict(
            _("This entry has already been reversed."),
            code=ErrorCode.ALREADY_REVERSED,
        )
    if not (reason or "").strip():
        raise BalaiError(
            _("Give the reason for the reversal."),
            code="reason_required",
            field_errors={"reason": [_("Give the reason for the reversal.")]},
        )
    postings = [
        Posting(
            account=line.account.code,
            debit=line.credit,
            credit=line.debit,
            item=line.item,
        )
        for line in entry.lines.select_related(
            "account",
            "item__agency",
            "item__sub_activity",
            "item__fund",
            "item__location",
        )
    ]
    reversal = _post(
        actor=actor,
        date=date,
        kind=EntryKind.REVERSAL,
        description=_("Reversal: %(reason)s") % {"reason": reason.strip()},
        postings=postings,
        document=entry.document,
        reverses=entry,
        control=False,  # giving money back never exceeds a budget
    )
    audit.record(actor=actor, action="journal_entry.reverse", target=reversal)
    return reversal


@transaction.atomic
def period_close(*, actor: Any, fiscal_year: int, month: int) -> FiscalPeriod:
    """Close a month; earlier months must be closed first."""
    policies.ensure_can_post_entry(actor)
    earlier_open = [
        m
        for m in range(1, month)
        if not FiscalPeriod.objects.filter(
            fiscal_year=fiscal_year, month=m, closed_at__isnull=False
        ).exists()
    ]
    if earlier_open:
        raise Conflict(
            _("Close %(month)02d/%(year)s first.")
            % {"month": earlier_open[0], "year": fiscal_year},
            code=ErrorCode.PERIOD_ORDER,
        )
    period, _created = FiscalPeriod.objects.select_for_update().get_or_create(
        fiscal_year=fiscal_year, month=month
    )
    if period.closed_at is None:
        period.closed_at = timezone.now()
        period.closed_by = actor
        period.full_clean()
        period.save(update_fields=["closed_at", "closed_by"])
        audit.record(
            actor=actor,
            action="fiscal_period.close",
            object_type="finance.fiscalperiod",
            object_id=f"{fiscal_year}-{month:02d}",
        )
    return period


def revenue_from_settlement(
    *, reference: str, amount: Any, paid_at: dt.datetime
) -> JournalEntry | None:
    """Book one settled payment as revenue, once: a replay posts nothing new.

    The payable kind (the reference's prefix) chooses the revenue line through its
    :class:`RevenueRoute`; a kind without a route is logged and not booked. Runs in
    the sender's transaction, so a rolled-back settlement leaves no revenue.
    """
    kind = (reference or "").partition("-")[0]
    route = (
        RevenueRoute.objects.select_related(
            "item__account",
            "item__agency",
            "item__sub_activity",
            "item__fund",
            "item__location",
        )
        .filter(kind=kind)
        .first()
    )
    if route is None:
        logger.warning("finance.revenue_unrouted kind=%s", kind)
        return None
    existing = JournalEntry.objects.filter(settlement_reference=reference).first()
    if existing is not None:
        return None
    date = timezone.localdate(paid_at)
    if FiscalPeriod.objects.filter(
        fiscal_year=date.year, month=date.month, closed_at__isnull=False
    ).exists():
        date = timezone.localdate()  # money arrived late for a closed month
    try:
        with transaction.atomic():
            return revenue_post(
                actor=None,
                item=route.item,
                amount=amount,
                date=date,
                document_kind=DocumentKind.SETTLEMENT,
                document_number=reference,
                description=_("Settled payment %(reference)s")
                % {"reference": reference},
                settlement_reference=reference,
            )
    except IntegrityError:
        # a concurrent delivery of the same settlement won the unique reference
        return None
    except BalaiError as exc:
        # money has arrived: the settlement must not fail because of the books;
        # the error is logged for the finance officers to post it by hand
        logger.error("finance.revenue_not_posted kind=%s code=%s", kind, exc.code)
        return None
