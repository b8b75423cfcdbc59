# SPDX-License-Identifier: EUPL-1.2
"""Rollups kept as entries post equal a fresh GROUP BY over the journal."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum

import pytest

from balai.finance import codes
from balai.finance.constants import Dimension
from balai.finance.exports import lra_csv, lra_pdf, lra_xlsx, total_of
from balai.finance.lra import lra_build
from balai.finance.models import JournalLine, RollupCell
from balai.finance.selectors import breakdown, entries_of_item, items_of
from balai.finance.services.journal import (
    entry_reverse,
    realisation_effect,
    revenue_post,
    spending_post,
)
from balai.finance.tests.helpers import ATK, PBB, ROAD, approved_budget, item

pytestmark = pytest.mark.usefixtures("codes")


def _fresh_group_by() -> dict[tuple[str, str, int, int], Decimal]:
    """The cells recomputed from scratch: GROUP BY item, account, year, month."""
    cells: dict[tuple[str, str, int, int], Decimal] = defaultdict(Decimal)
    grouped = (
        JournalLine.objects.filter(item__isnull=False)
        .values(
            "item",
            "item__agency__code",
            "item__sub_activity__code",
            "item__fund__code",
            "item__location__code",
            "account__code",
            "fiscal_year",
            "month",
        )
        .annotate(debit=Sum("debit"), credit=Sum("credit"))
    )
    for g in grouped:
        account = g["account__code"]
        effect = realisation_effect(account, g["debit"], g["credit"])
        year, month, akun = g["fiscal_year"], g["month"], account[0]
        keys = [(Dimension.ITEM, str(g["item"]))]
        keys += [
            (Dimension.ACCOUNT, c)
            for c in codes.ancestors(account, codes.account_parent)
        ]
        keys += [
            (Dimension.ACTIVITY, f"{c}|{akun}")
            for c in codes.ancestors(
                g["item__sub_activity__code"], codes.activity_parent
            )
        ]
        keys += [
            (Dimension.AGENCY, f"{g['item__agency__code']}|{akun}"),
            (Dimension.FUND, f"{g['item__fund__code']}|{akun}"),
            (Dimension.LOCATION, f"{g['item__location__code']}|{akun}"),
        ]
        for dim, key in keys:
            cells[(str(dim), key, year, month)] += effect
    return {k: v for k, v in cells.items() if v}


def _fresh_entry_counts() -> dict[tuple[str, str, int, int], int]:
    """Each item's entries per month recomputed: distinct entries with a line of it."""
    return {
        (Dimension.ITEM.value, str(g["item"]), g["fiscal_year"], g["month"]): g["n"]
        for g in JournalLine.objects.filter(item__isnull=False)
        .values("item", "fiscal_year", "month")
        .annotate(n=Count("entry", distinct=True))
    }


def _kept_entry_counts() -> dict[tuple[str, str, int, int], int]:
    return {
        (c.dimension, c.key, c.fiscal_year, c.month): c.entries
        for c in RollupCell.objects.exclude(entries=0)
    }


def test_rollups_equal_a_fresh_group_by_after_random_entries(
    keeper: Any, agency: Any, bapenda: Any
) -> None:
    rng = random.Random(16)
    spend = [
        item(agency, ROAD),
        item(agency, ROAD, location="32.73.02"),
        item(agency, ATK, fund="DAU"),
        item(bapenda, ("5.02.04.2.01.0001", "5.1.02.04.01.0001")),
    ]
    income = [item(bapenda, PBB)]
    for year in (2025, 2026):
        approved_budget(keeper, year, dict.fromkeys(spend + income, 10**12))
    entries = []
    for n in range(120):
        year = rng.choice((2025, 2026))
        day = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        amount = rng.randint(1, 50_000_000)
        if rng.random() < 0.3:
            entry = revenue_post(
                actor=keeper,
                item=rng.choice(income),
                amount=amount,
                date=day,
                document_number=f"STS-{n}",
                description="setoran",
            )
        else:
            entry = spending_post(
                actor=keeper,
                item=rng.choice(spend),
                amount=amount,
                date=day,
                document_number=f"SP2D-{n}",
                description="belanja",
            )
        entries.append(entry)
    for entry in rng.sample(entries, 15):
        entry_reverse(actor=keeper, entry=entry, date=entry.date, reason="koreksi")

    kept = {
        (c.dimension, c.key, c.fiscal_year, c.month): c.amount
        for c in RollupCell.objects.exclude(amount=0)
    }
    assert kept == _fresh_group_by()
    assert len(kept) > 200
    # the entry counts too: on the item cells only, reversals counted as entries
    counted = _kept_entry_counts()
    assert counted == _fresh_entry_counts()
    assert sum(counted.values()) == 135
    assert {dim for dim, *_rest in counted} == {Dimension.ITEM.value}
    # and a line's entries page counts what it lists
    for line in spend + income:
        for year in (2025, 2026):
            page = entries_of_item(item=line, year=year)
            assert len(page) == len(list(page)) > 0


def test_the_migration_fills_entry_counts_from_the_journal(
    keeper: Any, agency: Any
) -> None:
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    road = item(agency, ROAD)
    approved_budget(keeper, 2026, {road: 10**9})
    for n, day in enumerate(
        (dt.date(2026, 2, 3), dt.date(2026, 2, 9), dt.date(2026, 5, 1))
    ):
        entry = spending_post(
            actor=keeper,
            item=road,
            amount=1_000 + n,
            date=day,
            document_number=f"SP2D-{n}",
            description="belanja",
        )
    entry_reverse(actor=keeper, entry=entry, date=entry.date, reason="koreksi")
    expected = _kept_entry_counts()
    key = str(road.pk)
    assert expected == {("item", key, 2026, 2): 2, ("item", key, 2026, 5): 2}
    # a journal from before the counts: every cell at 0, one item cell missing
    RollupCell.objects.update(entries=0)
    RollupCell.objects.filter(dimension=Dimension.ITEM, month=5).delete()
    migration = importlib.import_module(
        "balai.finance.migrations.0006_rollup_entry_counts"
    )
    migration.fill_entry_counts(apps, SimpleNamespace(connection=connection))
    assert _kept_entry_counts() == expected
    # a missing cell comes back with its count (its amount is the rollups' job)
    assert (
        RollupCell.objects.get(dimension=Dimension.ITEM, key=key, month=5).amount == 0
    )
    assert len(entries_of_item(item=road, year=2026)) == 4


def test_breakdowns_and_the_lra_add_up(keeper: Any, agency: Any, bapenda: Any) -> None:
    road, atk, pbb = item(agency, ROAD), item(agency, ATK), item(bapenda, PBB)
    approved_budget(keeper, 2025, {road: 500, pbb: 900})
    approved_budget(keeper, 2026, {road: 1_000, atk: 200, pbb: 2_000})
    revenue_post(
        actor=keeper,
        item=pbb,
        amount=700,
        date=dt.date(2025, 6, 1),
        document_number="S-25",
        description="x",
    )
    spending_post(
        actor=keeper,
        item=road,
        amount=400,
        date=dt.date(2026, 2, 1),
        document_number="A",
        description="x",
    )
    spending_post(
        actor=keeper,
        item=atk,
        amount=50,
        date=dt.date(2026, 9, 1),
        document_number="B",
        description="x",
    )
    revenue_post(
        actor=keeper,
        item=pbb,
        amount=1_500,
        date=dt.date(2026, 3, 1),
        document_number="S-26",
        description="x",
    )

    by_agency = breakdown(
        year=2026, dimension=Dimension.AGENCY, through=dt.date(2026, 12, 31)
    )
    assert [(r.code, r.budget, r.realised) for r in by_agency.rows] == [
        ("dinas-pu", Decimal(1_200), Decimal(450))
    ]
    assert (by_agency.total.budget, by_agency.total.realised) == (1_200, 450)
    # realisation to a date leaves later months out
    march = breakdown(
        year=2026, dimension=Dimension.AGENCY, through=dt.date(2026, 3, 31)
    )
    assert march.rows[0].realised == 400
    programmes = breakdown(
        year=2026, dimension=Dimension.ACTIVITY, level=3, through=dt.date(2026, 12, 31)
    )
    assert {r.code: r.realised for r in programmes.rows} == {
        "1.03.01": 50,
        "1.03.10": 400,
    }
    assert sum(r.budget for r in programmes.rows) == programmes.total.budget
    assert [r.realised for r in items_of(year=2026, agency_code="dinas-pu")] == [
        50,
        400,
    ]

    lra = lra_build(year=2026, through=dt.date(2026, 12, 31))
    rows = {row.code: row for row in lra.rows if row.code}
    assert (rows["4"].budget, rows["4"].realised, rows["4"].previous) == (
        2_000,
        1_500,
        700,
    )
    assert (rows["5"].budget, rows["5"].realised) == (1_200, 450)
    assert rows["5.2"].realised == 400 and rows["5.1.02"].realised == 50
    assert rows["4"].percent == Decimal("75.0")
    silpa = lra.rows[-1]
    assert (silpa.budget, silpa.realised) == (800, 1_050)
    assert total_of(lra, "4.1.01") == 1_500

    text = lra_csv(lra)
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0][0] in {"Code", "Kode"}
    assert ["4", rows["4"].name, "2000", "1500", "75.0", "700"] in parsed
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(lra_xlsx(lra))).active
    values = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]
    assert ["5", rows["5"].name, 1200, 450, 37.5, 0] in values
    assert lra_pdf(lra).startswith(b"%PDF")


def test_dashboard_panels_read_the_rollups_in_one_statement_each(
    keeper: Any,
    agency: Any,
    bapenda: Any,
    django_assert_num_queries: Any,
    django_assert_max_num_queries: Any,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from balai.finance.selectors import overview
    from balai.finance.services.journal import realised

    road, atk, pbb = item(agency, ROAD), item(agency, ATK), item(bapenda, PBB)
    version = approved_budget(keeper, 2026, {road: 1_000, atk: 200})
    for number, (line, amount, month) in enumerate(
        [(road, 400, 2), (atk, 50, 9), (road, 100, 11)]
    ):
        spending_post(
            actor=keeper,
            item=line,
            amount=amount,
            date=dt.date(2026, month, 1),
            document_number=f"SP2D-{number}",
            description="x",
        )
    # revenue on a line without a ceiling in force: realised, never budgeted
    revenue_post(
        actor=keeper,
        item=pbb,
        amount=700,
        date=dt.date(2026, 3, 1),
        document_number="STS-1",
        description="x",
    )
    through = dt.date(2026, 12, 31)
    breakdown(year=2026, dimension=Dimension.AGENCY, version=version, through=through)

    with django_assert_num_queries(1):
        spending = breakdown(
            year=2026, dimension=Dimension.AGENCY, version=version, through=through
        )
    assert [(r.code, r.name, r.budget, r.realised) for r in spending.rows] == [
        ("dinas-pu", "Dinas Pekerjaan Umum", 1_200, 550)
    ]
    assert (spending.total.budget, spending.total.realised) == (1_200, 550)
    with django_assert_num_queries(1):
        programmes = breakdown(
            year=2026,
            dimension=Dimension.ACTIVITY,
            level=3,
            version=version,
            through=through,
        )
    assert {(r.code, r.realised) for r in programmes.rows} == {
        ("1.03.01", 50),
        ("1.03.10", 500),
    }
    assert all(r.name != r.code for r in programmes.rows)
    # the unbudgeted revenue line is shown, named by one more read
    revenue = breakdown(
        year=2026, dimension=Dimension.AGENCY, akun="4", version=version
    )
    assert [(r.code, r.name, r.budget, r.realised) for r in revenue.rows] == [
        ("bapenda", "Badan Pendapatan Daerah", 0, 700)
    ]
    assert revenue.total.realised == 700
    with django_assert_num_queries(1):
        assert realised(road, 2026) == 500

    # the whole overview: the version in force, then one statement per panel
    with CaptureQueriesContext(connection) as captured:
        panels = overview(year=2026)
    assert len(captured.captured_queries) <= 6
    assert not any("journal" in q["sql"] for q in captured.captured_queries)
    assert panels.spending.total.realised == 550
    assert panels.monthly[1] == 400 and sum(panels.monthly) == 550
    assert panels.cash_plan["months"][10]["realised_cumulative"] == 550
