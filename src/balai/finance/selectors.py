# SPDX-License-Identifier: EUPL-1.2
"""Reads of budgets and realisation: every figure comes from the budget lines of the
version in force and from the rollup cells (never from the journal per request)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, overload

from django.db import connection
from django.db.models import QuerySet, Sum
from django.utils import timezone

from balai.finance import codes
from balai.finance.constants import Dimension, VersionStatus
from balai.finance.models import (
    Account,
    Activity,
    BudgetItem,
    BudgetLine,
    BudgetVersion,
    FundingSource,
    JournalEntry,
    JournalLine,
    Location,
    RollupCell,
)
from balai.finance.money import percent
from balai.finance.services.budget import version_in_force
from balai.finance.services.journal import rollup_keys

SPENDING, REVENUE, FINANCING = "5", "4", "6"


@dataclass
class Row:
    """One node of a breakdown: its code and name, budget, realisation."""

    key: str
    code: str
    name: str
    budget: Decimal = Decimal(0)
    realised: Decimal = Decimal(0)
    previous: Decimal = Decimal(0)
    level: int = 0
    children: list[Row] = field(default_factory=list)

    @property
    def percent(self) -> Decimal | None:
        return percent(self.realised, self.budget)

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.realised


def fiscal_years() -> list[int]:
    """Years with an approved budget, newest first."""
    return sorted(
        set(
            BudgetVersion.objects.filter(status=VersionStatus.APPROVED).values_list(
                "fiscal_year", flat=True
            )
        ),
        reverse=True,
    )


def default_year(years: list[int] | None = None) -> int | None:
    """This year if it has an approved budget, else the newest that has one
    (``years``: ``fiscal_years()`` when the caller has it already)."""
    years = fiscal_years() if years is None else years
    today = timezone.localdate().year
    return today if today in years else (years[0] if years else None)


def versions_of(year: int) -> QuerySet[BudgetVersion]:
    return BudgetVersion.objects.filter(fiscal_year=year).order_by("number")


def _line_items(version: BudgetVersion | None) -> list[tuple[BudgetItem, Decimal]]:
    if version is None:
        return []
    lines = BudgetLine.objects.filter(version=version).select_related(
        "item__agency",
        "item__sub_activity",
        "item__account",
        "item__fund",
        "item__location",
    )
    return [(line.item, line.amount) for line in lines]


_BUDGET_CELLS: dict[Any, dict[tuple[str, str], Decimal]] = {}


def budget_cells(version: BudgetVersion | None) -> dict[tuple[str, str], Decimal]:
    """The version's ceilings summed on every rollup cell key (same keys as the
    realisation cells, so the two line up). An approved version never changes, so
    its cells are computed once per process (a dashboard request reads only the
    small rollup table)."""
    if version is not None and version.is_approved and version.pk in _BUDGET_CELLS:
        return _BUDGET_CELLS[version.pk]
    cells: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for item, amount in _line_items(version):
        for key in rollup_keys(item, item.account.code):
            cells[key] += amount
    if version is not None and version.is_approved:
        if len(_BUDGET_CELLS) > 32:
            _BUDGET_CELLS.clear()
        _BUDGET_CELLS[version.pk] = dict(cells)
    return cells


def realisation_cells(
    *, dimension: str, year: int, through_month: int = 12, keys: list[str] | None = None
) -> dict[str, Decimal]:
    """Realisation to the end of ``through_month`` per key of one dimension: one
    index-only read of the cells' (dimension, fiscal_year, key, month, amount) index."""
    cells = RollupCell.objects.filter(
        dimension=dimension, fiscal_year=year, month__lte=through_month
    )
    if keys is not None:
        cells = cells.filter(key__in=keys)
    return {
        row["key"]: row["total"]
        for row in cells.values("key").annotate(total=Sum("amount"))
    }


def monthly(*, dimension: str, key: str, year: int) -> list[Decimal]:
    """Realisation per month (12 values) of one cell key."""
    values = [Decimal(0)] * 12
    for month, amount in RollupCell.objects.filter(
        dimension=dimension, key=key, fiscal_year=year
    ).values_list("month", "amount"):
        values[month - 1] += amount
    return values


def _name_table(dimension: str) -> str:
    """The table holding the codes and names of one dimension (agencies are the
    accounts app's: reached through the budget items' foreign key, never imported)."""
    models_by_dimension: dict[str, Any] = {
        Dimension.AGENCY: BudgetItem._meta.get_field("agency").related_model,
        Dimension.ACTIVITY: Activity,
        Dimension.ACCOUNT: Account,
        Dimension.FUND: FundingSource,
        Dimension.LOCATION: Location,
    }
    return str(models_by_dimension[dimension]._meta.db_table)


def _panel(
    *, dimension: str, year: int, through_month: int, total_key: str, codes_: set[str]
) -> tuple[dict[str, Decimal], Decimal, dict[str, str]]:
    """One breakdown's figures in one statement: realisation to ``through_month``
    per key of ``dimension``, the total of the account ``total_key``, and the names
    of ``codes_``. Each part is a range of an index: the rollup cells' covering
    (dimension, fiscal_year, key, month, amount) index (index-only) and the name
    table's unique code."""
    table = RollupCell._meta.db_table
    sql = (
        f"SELECT 'r', key, SUM(amount), NULL FROM {table} "  # noqa: S608
        "WHERE dimension = %s AND fiscal_year = %s AND month <= %s GROUP BY key "
        f"UNION ALL SELECT 't', key, SUM(amount), NULL FROM {table} "
        "WHERE dimension = %s AND fiscal_year = %s AND key = %s AND month <= %s "
        "GROUP BY key"
    )
    params: list[Any] = [dimension, year, through_month]
    params += [Dimension.ACCOUNT.value, year, total_key, through_month]
    if codes_:
        marks = ", ".join(["%s"] * len(codes_))
        sql += (
            f" UNION ALL SELECT 'n', code, NULL, name "  # noqa: S608
            f"FROM {_name_table(dimension)} WHERE code IN ({marks})"
        )
        params += sorted(codes_)
    realised: dict[str, Decimal] = {}
    total, names = Decimal(0), {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for part, key, amount, name in cursor.fetchall():
            if part == "r":
                realised[key] = Decimal(amount)
            elif part == "t":
                total = Decimal(amount)
            else:
                names[key] = name
    return realised, total, names


def _names(dimension: str, codes_: set[str]) -> dict[str, str]:
    if dimension == Dimension.AGENCY:
        # agencies are the accounts app's: read their names through our items
        return dict(
            BudgetItem.objects.filter(agency__code__in=codes_)
            .values_list("agency__code", "agency__name")
            .distinct()
        )
    models_by_dimension: dict[str, Any] = {
        Dimension.ACTIVITY: Activity,
        Dimension.ACCOUNT: Account,
        Dimension.FUND: FundingSource,
        Dimension.LOCATION: Location,
    }
    model = models_by_dimension[dimension]
    return dict(model.objects.filter(code__in=codes_).values_list("code", "name"))


@dataclass
class Breakdown:
    year: int
    version: BudgetVersion | None
    through: dt.date
    rows: list[Row]
    total: Row


def breakdown(
    *,
    year: int,
    dimension: str,
    akun: str = SPENDING,
    level: int | None = None,
    parent: str | None = None,
    through: dt.date | None = None,
    version: BudgetVersion | None = None,
) -> Breakdown:
    """Budget against realisation for every node of one dimension.

    ``level`` picks a level of a code tree (activity: 1 urusan ... 5 sub kegiatan,
    account: 1 ... 6); ``parent`` keeps only the children of one code. Agency, fund
    and location are flat. Keys of non-account dimensions carry ``|akun``.
    ``version`` compares realisation with another version's ceilings than the one
    in force (an approved version of the same year).
    """
    through = through or _through(year)
    if version is None:
        version = version_in_force(fiscal_year=year)
    budgets = budget_cells(version)
    suffix = "" if dimension == Dimension.ACCOUNT else f"|{akun}"

    def wanted_code(key: str) -> str | None:
        if not key.endswith(suffix):
            return None
        code = key[: len(key) - len(suffix)] if suffix else key
        if dimension == Dimension.ACCOUNT and not code.startswith(akun):
            return None
        return code if _at_level(dimension, code, level, parent) else None

    wanted: dict[str, str] = {}
    for dim, key in budgets:
        code = wanted_code(key) if dim == dimension else None
        if code is not None:
            wanted[key] = code
    # one statement: the cells, the total and the names of the budgeted codes
    realised, total_realised, names = _panel(
        dimension=dimension,
        year=year,
        through_month=through.month,
        total_key=akun,
        codes_=set(wanted.values()),
    )
    unbudgeted = {}
    for key in realised:
        code = None if key in wanted else wanted_code(key)
        if code is not None:
            unbudgeted[key] = code
    if unbudgeted:  # realisation on a code without a ceiling: rare, named apart
        wanted.update(unbudgeted)
        names.update(_names(dimension, set(unbudgeted.values())))
    rows = [
        Row(
            key=key,
            code=code,
            name=names.get(code, code),
            budget=budgets.get((dimension, key), Decimal(0)),
            realised=realised.get(key, Decimal(0)),
        )
        for key, code in wanted.items()
    ]
    rows.sort(
        key=lambda r: (-r.budget, r.code) if dimension == Dimension.AGENCY else r.code
    )
    total = Row(
        key=akun,
        code=akun,
        name="",
        budget=budgets.get((Dimension.ACCOUNT, akun), Decimal(0)),
        realised=total_realised,
    )
    if parent:
        total.budget = sum((r.budget for r in rows), Decimal(0))
        total.realised = sum((r.realised for r in rows), Decimal(0))
    return Breakdown(
        year=year, version=version, through=through, rows=rows, total=total
    )


@dataclass
class Overview:
    """The panels of the leaders' dashboard and the public page: spending and revenue
    by agency, the year's monthly spending and the cash plan against it."""

    year: int
    version: BudgetVersion | None
    spending: Breakdown
    revenue: Breakdown
    monthly: list[Decimal]
    cash_plan: dict[str, Any]


def overview(*, year: int) -> Overview:
    """Every panel from the rollup cells: one statement per panel after the version
    in force (read once, shared by the panels; the approved version's budget cells
    are computed once per process)."""
    version = version_in_force(fiscal_year=year)
    spending = breakdown(
        year=year, dimension=Dimension.AGENCY, akun=SPENDING, version=version
    )
    revenue = breakdown(
        year=year, dimension=Dimension.AGENCY, akun=REVENUE, version=version
    )
    spent = monthly(dimension=Dimension.ACCOUNT, key=SPENDING, year=year)
    return Overview(
        year=year,
        version=version,
        spending=spending,
        revenue=revenue,
        monthly=spent,
        cash_plan=cash_plan_curve(year=year, version=version, realised=spent),
    )


def _at_level(dimension: str, code: str, level: int | None, parent: str | None) -> bool:
    if dimension == Dimension.ACTIVITY:
        node_level = int(codes.activity_level(code))
        up = codes.activity_parent(code)
    elif dimension == Dimension.ACCOUNT:
        node_level = codes.account_level(code)
        up = codes.account_parent(code)
    else:
        return True
    if parent is not None:
        return up == parent
    return level is None or node_level == level


def _through(year: int) -> dt.date:
    today = timezone.localdate()
    return today if today.year == year else dt.date(year, 12, 31)


@dataclass
class ItemRow:
    item: BudgetItem
    budget: Decimal
    realised: Decimal

    @property
    def percent(self) -> Decimal | None:
        return percent(self.realised, self.budget)


def items_of(
    *, year: int, agency_code: str | None = None, activity_code: str | None = None
) -> list[ItemRow]:
    """The budget lines (items) of the version in force, with realisation."""
    version = version_in_force(fiscal_year=year)
    pairs = _line_items(version)
    if agency_code:
        pairs = [(i, a) for i, a in pairs if i.agency.code == agency_code]
    if activity_code:
        pairs = [
            (i, a) for i, a in pairs if i.sub_activity.code.startswith(activity_code)
        ]
    realised = realisation_cells(
        dimension=Dimension.ITEM, year=year, keys=[str(i.pk) for i, _a in pairs]
    )
    rows = [
        ItemRow(item=i, budget=a, realised=realised.get(str(i.pk), Decimal(0)))
        for i, a in pairs
    ]
    rows.sort(key=lambda r: (r.item.sub_activity.code, r.item.account.code))
    return rows


def item_get(pk: Any) -> BudgetItem | None:
    return (
        BudgetItem.objects.select_related(
            "agency", "sub_activity", "account", "fund", "location"
        )
        .filter(pk=pk)
        .first()
    )


class ItemEntries(Sequence[JournalEntry]):
    """The entries that moved one item in a year, newest first, as a paginator
    wants them: ``len()`` and slices.

    The length is the sum of the item's (at most 12) rollup cells' entry counts,
    kept by posting in the same upsert as the amounts (never a count of the lines,
    which took most of the page at 5,000,000 lines); a slice walks the entries'
    (fiscal_year, date, created_at) index backwards and keeps those with a line of
    the item (a seek in the lines' (item, fiscal_year, entry) index), so a page
    stops after its own rows instead of sorting every entry of the line."""

    def __init__(self, *, item: BudgetItem, year: int) -> None:
        self.item, self.year = item, year

    def _lines(self) -> QuerySet[JournalLine]:
        return JournalLine.objects.filter(item=self.item, fiscal_year=self.year)

    def rows(self) -> QuerySet[JournalEntry]:
        return (
            JournalEntry.objects.filter(
                fiscal_year=self.year, pk__in=self._lines().values("entry_id")
            )
            .select_related("document")
            .order_by("-date", "-created_at")
        )

    def __len__(self) -> int:
        return (
            RollupCell.objects.filter(
                dimension=Dimension.ITEM, key=str(self.item.pk), fiscal_year=self.year
            ).aggregate(n=Sum("entries"))["n"]
            or 0
        )

    @overload
    def __getitem__(self, index: int) -> JournalEntry: ...

    @overload
    def __getitem__(self, index: slice) -> list[JournalEntry]: ...

    def __getitem__(self, index: int | slice) -> JournalEntry | list[JournalEntry]:
        if isinstance(index, slice):
            return list(self.rows()[index])
        return self.rows()[index]

    def __iter__(self) -> Iterator[JournalEntry]:
        return iter(self.rows())


def entries_of_item(*, item: BudgetItem, year: int) -> ItemEntries:
    """The entries that moved an item, newest first (paginate them)."""
    return ItemEntries(item=item, year=year)


def entry_get(pk: Any) -> JournalEntry | None:
    return (
        JournalEntry.objects.select_related("document", "reverses")
        .filter(pk=pk)
        .first()
    )


def entry_lines(entry: JournalEntry) -> QuerySet[JournalLine]:
    return entry.lines.select_related("account", "item__agency", "item__sub_activity")


def agency_label(code: str) -> str:
    return _names(Dimension.AGENCY, {code}).get(code, code)


def cash_plan_monthly(*, year: int, akun: str = SPENDING) -> list[Decimal]:
    """The cash plan (anggaran kas) per month (12 values) of one side."""
    from balai.finance.models import CashPlanLine

    values = [Decimal(0)] * 12
    for month, amount in (
        CashPlanLine.objects.filter(
            fiscal_year=year, item__account__code__startswith=akun
        )
        .values("month")
        .annotate(total=Sum("amount"))
        .values_list("month", "total")
    ):
        values[month - 1] += amount
    return values


def cash_plan_curve(
    *,
    year: int,
    akun: str = SPENDING,
    version: BudgetVersion | None = None,
    realised: list[Decimal] | None = None,
) -> dict[str, Any]:
    """Planned against realised spending per month and cumulatively; realisation
    stops at the current month of the current year. ``version`` (the one in force)
    and ``realised`` (``monthly`` of the side's account) spare their reads when the
    caller has them already."""
    planned = cash_plan_monthly(year=year, akun=akun)
    if realised is None:
        realised = monthly(dimension=Dimension.ACCOUNT, key=akun, year=year)
    months = _through(year).month
    if version is None:
        version = version_in_force(fiscal_year=year)
    budget = budget_cells(version).get((Dimension.ACCOUNT, akun), Decimal(0))
    rows, plan_total, real_total = [], Decimal(0), Decimal(0)
    for index in range(12):
        plan_total += planned[index]
        real_total += realised[index]
        rows.append(
            {
                "month": index + 1,
                "planned": planned[index],
                "realised": realised[index] if index < months else Decimal(0),
                "planned_cumulative": plan_total,
                "realised_cumulative": real_total if index < months else None,
            }
        )
    return {"year": year, "budget": budget, "months": rows, "through": months}


def draft_versions() -> list[BudgetVersion]:
    """Budget versions still in draft, newest year and number first (import targets)."""
    return list(
        BudgetVersion.objects.filter(status=VersionStatus.DRAFT).order_by(
            "-fiscal_year", "-number"
        )
    )


def import_batches() -> QuerySet[Any]:
    """SIPD import batches, newest first, with their version and uploader."""
    from balai.finance.models import ImportBatch

    return ImportBatch.objects.select_related("version", "created_by").order_by(
        "-created_at"
    )


def import_batch(pk: Any) -> Any:
    """One import batch with its version, or None."""
    from balai.finance.models import ImportBatch

    return ImportBatch.objects.select_related("version").filter(pk=pk).first()
