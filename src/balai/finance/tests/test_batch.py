# SPDX-License-Identifier: EUPL-1.2
"""``transfers_post``: a day's SP2Ds and STSs at once, as posting them one by one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from balai.core.errors import BalaiError, Conflict
from balai.finance.constants import EntryKind, ErrorCode
from balai.finance.models import JournalEntry, JournalLine, RollupCell, SourceDocument
from balai.finance.services.batch import Transfer, transfers_post
from balai.finance.services.journal import (
    period_close,
    realised,
    revenue_post,
    spending_post,
)
from balai.finance.tests.helpers import ATK, PBB, ROAD, approved_budget, item
from balai.security.models import AuditEntry

pytestmark = pytest.mark.usefixtures("codes")


@pytest.fixture
def lines(keeper: Any, agency: Any) -> dict[str, Any]:
    """The same three lines budgeted in 2026 and in 2027."""
    found = {
        "road": item(agency, ROAD),
        "atk": item(agency, ATK),
        "pbb": item(agency, PBB),
    }
    budget = {found["road"]: 1_000_000, found["atk"]: 10_000, found["pbb"]: 5_000_000}
    for year in (2026, 2027):
        approved_budget(keeper, year, budget)
    return found


def _day_of(lines: dict[str, Any]) -> list[tuple[str, Any, int, str]]:
    return [
        (EntryKind.SPENDING, lines["road"], 400_000, "SP2D/1"),
        (EntryKind.REVENUE, lines["pbb"], 2_500_000, "STS/2"),
        (EntryKind.SPENDING, lines["atk"], 10_000, "SP2D/3"),
        (
            EntryKind.SPENDING,
            lines["road"],
            600_000,
            "SP2D/4",
        ),  # the line's last rupiah
    ]


def _written(year: int) -> dict[str, Any]:
    entries = JournalEntry.objects.filter(fiscal_year=year)
    return {
        "entries": sorted(
            (e.kind, e.description, e.document.kind, e.document.number[:-5])
            for e in entries
        ),
        "lines": sorted(
            (
                line.entry.document.number[:-5],
                line.account.code,
                line.item_id,
                line.month,
                line.debit,
                line.credit,
            )
            for line in JournalLine.objects.filter(fiscal_year=year)
        ),
        "cells": sorted(
            RollupCell.objects.filter(fiscal_year=year).values_list(
                "dimension", "key", "month", "amount", "entries"
            )
        ),
        "audit": sorted(
            AuditEntry.objects.filter(
                object_id__in=[str(e.pk) for e in entries]
            ).values_list("action", "actor_id", "actor_kind", "object_type", "role")
        ),
    }


def test_a_batch_writes_what_posting_one_by_one_writes(keeper: Any, lines: Any) -> None:
    for kind, line, amount, number in _day_of(lines):
        post = spending_post if kind == EntryKind.SPENDING else revenue_post
        post(
            actor=keeper,
            item=line,
            amount=amount,
            date=dt.date(2026, 3, 25),
            document_number=f"{number}/2026",
            description=f"{kind} {number}",
        )
    entries = transfers_post(
        actor=keeper,
        date=dt.date(2027, 3, 25),
        transfers=[
            Transfer(
                kind=kind,
                item=line,
                amount=amount,
                document_number=f"{number}/2027",
                description=f"{kind} {number}",
            )
            for kind, line, amount, number in _day_of(lines)
        ],
    )
    assert [e.document.number for e in entries] == [
        "SP2D/1/2027",
        "STS/2/2027",
        "SP2D/3/2027",
        "SP2D/4/2027",
    ]
    single, batch = _written(2026), _written(2027)
    assert len(batch["entries"]) == 4 and len(batch["lines"]) == 8
    assert len(batch["audit"]) == 4 and batch["cells"]
    assert batch == single
    assert realised(lines["road"], 2027) == Decimal(1_000_000)


def test_each_entry_may_spend_only_what_the_entries_before_it_left(
    keeper: Any, lines: Any
) -> None:
    transfers = [
        Transfer(
            kind=EntryKind.SPENDING,
            item=lines["road"],
            amount=amount,
            document_number=f"SP2D/{n}",
            description="Termin",
        )
        for n, amount in enumerate((600_000, 500_000))
    ]
    with pytest.raises(BalaiError) as caught:
        transfers_post(actor=keeper, date=dt.date(2026, 3, 25), transfers=transfers)
    assert caught.value.code == ErrorCode.OVER_BUDGET
    assert caught.value.extra["remaining"] == "400000"
    assert not JournalEntry.objects.exists()
    assert not SourceDocument.objects.exists()
    assert realised(lines["road"], 2026) == 0


def test_a_line_without_a_budget_is_refused(
    keeper: Any, agency: Any, lines: Any
) -> None:
    other = item(agency, ROAD, location="32.73.02")
    with pytest.raises(BalaiError) as caught:
        transfers_post(
            actor=keeper,
            date=dt.date(2026, 3, 25),
            transfers=[
                Transfer(
                    kind=EntryKind.SPENDING,
                    item=other,
                    amount=1_000,
                    document_number="SP2D/1",
                    description="Termin",
                )
            ],
        )
    assert caught.value.code == ErrorCode.NO_BUDGET
    assert not JournalEntry.objects.exists()


def test_a_closed_month_and_an_officer_without_the_role_are_refused(
    keeper: Any, officer: Any, lines: Any
) -> None:
    transfer = Transfer(
        kind=EntryKind.REVENUE,
        item=lines["pbb"],
        amount=1_000,
        document_number="STS/1",
        description="PBB",
    )
    with pytest.raises(PermissionDenied):
        transfers_post(actor=officer, date=dt.date(2026, 3, 25), transfers=[transfer])
    period_close(actor=keeper, fiscal_year=2026, month=1)
    with pytest.raises(Conflict) as caught:
        transfers_post(actor=keeper, date=dt.date(2026, 1, 25), transfers=[transfer])
    assert caught.value.code == ErrorCode.PERIOD_CLOSED
    assert not JournalEntry.objects.exists()


def test_the_query_count_does_not_grow_with_the_batch(keeper: Any, lines: Any) -> None:
    def batch(count: int, month: int) -> list[Transfer]:
        return [
            Transfer(
                kind=EntryKind.SPENDING if n % 2 else EntryKind.REVENUE,
                item=lines["road"] if n % 2 else lines["pbb"],
                amount=1_000,
                document_number=f"DOC/{month}/{n}",
                description="Termin",
            )
            for n in range(count)
        ]

    transfers_post(actor=keeper, date=dt.date(2026, 2, 25), transfers=batch(2, 2))
    with CaptureQueriesContext(connection) as small:
        transfers_post(actor=keeper, date=dt.date(2026, 3, 25), transfers=batch(2, 3))
    with CaptureQueriesContext(connection) as large:
        transfers_post(actor=keeper, date=dt.date(2026, 4, 25), transfers=batch(12, 4))
    assert len(large) == len(small)
