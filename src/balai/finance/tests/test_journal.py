# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.db.models import Sum

import pytest

from balai.core.errors import BalaiError, Conflict
from balai.finance.constants import CASH_ACCOUNT, EntryKind, ErrorCode
from balai.finance.models import JournalEntry, JournalLine
from balai.finance.services.journal import (
    Posting,
    entry_post,
    entry_reverse,
    period_close,
    realised,
    spending_post,
)
from balai.finance.tests.helpers import ATK, ROAD, approved_budget, item

pytestmark = pytest.mark.usefixtures("codes")
DAY = dt.date(2026, 3, 10)


@pytest.fixture
def road(keeper: Any, agency: Any) -> Any:
    road = item(agency, ROAD)
    approved_budget(keeper, 2026, {road: 1_000_000, item(agency, ATK): 10_000})
    return road


def test_spending_posts_a_balanced_entry_with_its_sp2d(keeper: Any, road: Any) -> None:
    entry = spending_post(
        actor=keeper,
        item=road,
        amount=400_000,
        date=DAY,
        document_number="SP2D/0001/2026",
        description="Termin 1",
    )
    lines = list(entry.lines.values_list("account__code", "debit", "credit"))
    assert sorted(lines) == [
        (CASH_ACCOUNT, Decimal(0), Decimal(400_000)),
        ("5.2.04.01.01.0012", Decimal(400_000), Decimal(0)),
    ]
    assert entry.document.number == "SP2D/0001/2026"
    assert realised(road, 2026) == 400_000


def test_an_unbalanced_entry_is_refused_and_nothing_is_written(
    keeper: Any, road: Any
) -> None:
    with pytest.raises(BalaiError) as caught:
        entry_post(
            actor=keeper,
            date=DAY,
            kind=EntryKind.SPENDING,
            description="salah",
            document_number="M-1",
            postings=[
                Posting(account="5.2.04.01.01.0012", debit=Decimal(100), item=road),
                Posting(account=CASH_ACCOUNT, credit=Decimal(90)),
            ],
        )
    assert caught.value.code == ErrorCode.UNBALANCED_ENTRY
    assert not JournalEntry.objects.exists() and not JournalLine.objects.exists()


def test_the_journal_refuses_edits_in_the_database(keeper: Any, road: Any) -> None:
    entry = spending_post(
        actor=keeper,
        item=road,
        amount=5,
        date=DAY,
        document_number="S1",
        description="x",
    )
    with pytest.raises(DatabaseError), transaction.atomic():
        JournalLine.objects.filter(entry=entry).update(debit=7)
    with pytest.raises(DatabaseError), transaction.atomic():
        JournalEntry.objects.filter(pk=entry.pk).update(description="edited")
    assert entry.lines.aggregate(d=Sum("debit"))["d"] == 5


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the balance trigger is PostgreSQL's"
)
def test_postgresql_refuses_an_unbalanced_entry_at_commit(
    keeper: Any, road: Any
) -> None:
    from balai.finance.models import Account

    class Undo(Exception):
        pass

    # the raw rows live in a savepoint rolled back at the end, so the test's own
    # teardown (which checks deferred constraints) does not meet them again
    with pytest.raises(Undo), transaction.atomic():  # noqa: PT012
        entry = JournalEntry.objects.create(
            fiscal_year=2026, date=DAY, kind=EntryKind.SPENDING, description="raw"
        )
        for code, debit, credit in ((CASH_ACCOUNT, 10, 0), (ROAD[1], 0, 9)):
            JournalLine.objects.create(
                entry=entry,
                account=Account.objects.get(code=code),
                fiscal_year=2026,
                month=3,
                debit=debit,
                credit=credit,
            )
        with (
            pytest.raises(DatabaseError, match="unbalanced"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        raise Undo


def test_a_reversal_mirrors_the_entry_once(keeper: Any, road: Any) -> None:
    entry = spending_post(
        actor=keeper,
        item=road,
        amount=300,
        date=DAY,
        document_number="S2",
        description="x",
    )
    reversal = entry_reverse(
        actor=keeper, entry=entry, date=dt.date(2026, 3, 11), reason="salah akun"
    )
    assert reversal.reverses == entry and reversal.kind == EntryKind.REVERSAL
    assert sorted(reversal.lines.values_list("debit", "credit")) == sorted(
        (c, d) for d, c in entry.lines.values_list("debit", "credit")
    )
    assert realised(road, 2026) == 0
    with pytest.raises(Conflict) as again:
        entry_reverse(actor=keeper, entry=entry, date=DAY, reason="lagi")
    assert again.value.code == ErrorCode.ALREADY_REVERSED
    with pytest.raises(Conflict):
        entry_reverse(actor=keeper, entry=reversal, date=DAY, reason="lagi")
    with pytest.raises(BalaiError):
        entry_reverse(actor=keeper, entry=entry, date=DAY, reason=" ")


def test_spending_above_the_remaining_budget_is_refused_with_the_figures(
    keeper: Any, road: Any
) -> None:
    spending_post(
        actor=keeper,
        item=road,
        amount=700_000,
        date=DAY,
        document_number="A",
        description="x",
    )
    with pytest.raises(BalaiError) as caught:
        spending_post(
            actor=keeper,
            item=road,
            amount=300_001,
            date=DAY,
            document_number="B",
            description="x",
        )
    assert caught.value.code == ErrorCode.OVER_BUDGET
    assert "Rp300.000" in caught.value.message and "Rp300.001" in caught.value.message
    assert caught.value.extra == {"remaining": "300000", "requested": "300001"}
    # exactly the rest is allowed
    spending_post(
        actor=keeper,
        item=road,
        amount=300_000,
        date=DAY,
        document_number="C",
        description="x",
    )
    assert realised(road, 2026) == 1_000_000


def test_spending_on_a_line_without_budget_is_refused(keeper: Any, agency: Any) -> None:
    approved_budget(keeper, 2026, {item(agency, ATK): 10})
    other = item(agency, ROAD, fund="DAU")
    with pytest.raises(BalaiError) as caught:
        spending_post(
            actor=keeper,
            item=other,
            amount=1,
            date=DAY,
            document_number="D",
            description="x",
        )
    assert caught.value.code == ErrorCode.NO_BUDGET


def test_a_closed_month_takes_no_more_entries(keeper: Any, road: Any) -> None:
    with pytest.raises(Conflict) as order:
        period_close(actor=keeper, fiscal_year=2026, month=2)
    assert order.value.code == ErrorCode.PERIOD_ORDER
    period_close(actor=keeper, fiscal_year=2026, month=1)
    period_close(actor=keeper, fiscal_year=2026, month=2)
    period_close(actor=keeper, fiscal_year=2026, month=3)
    with pytest.raises(Conflict) as caught:
        spending_post(
            actor=keeper,
            item=road,
            amount=1,
            date=DAY,
            document_number="E",
            description="x",
        )
    assert caught.value.code == ErrorCode.PERIOD_CLOSED
    spending_post(
        actor=keeper,
        item=road,
        amount=1,
        date=dt.date(2026, 4, 1),
        document_number="E",
        description="x",
    )


def test_only_keepers_post(officer: Any, road: Any) -> None:
    with pytest.raises(PermissionDenied):
        spending_post(
            actor=officer,
            item=road,
            amount=1,
            date=DAY,
            document_number="F",
            description="x",
        )


def test_a_lines_entries_page_newest_first_counted_once(
    keeper: Any, road: Any, agency: Any
) -> None:
    from balai.core.pagination import paginate
    from balai.finance.selectors import entries_of_item

    other = item(agency, ATK)
    posted = [
        spending_post(
            actor=keeper,
            item=road,
            amount=10 + n,
            date=dt.date(2026, 1 + n % 12, 1 + n),
            document_number=f"SP2D-{n}",
            description="x",
        )
        for n in range(5)
    ]
    spending_post(
        actor=keeper,
        item=other,
        amount=5,
        date=DAY,
        document_number="SP2D-ATK",
        description="x",
    )
    # one entry with two lines of the same item is one entry of the line
    split = entry_post(
        actor=keeper,
        date=dt.date(2026, 12, 20),
        kind=EntryKind.SPENDING,
        description="two lines, one item",
        postings=[
            Posting(account=ROAD[1], debit=Decimal(3), item=road),
            Posting(account=ROAD[1], debit=Decimal(4), item=road),
            Posting(account=CASH_ACCOUNT, credit=Decimal(7)),
        ],
        document_number="MEMO-1",
    )
    reversal = entry_reverse(
        actor=keeper, entry=posted[0], date=dt.date(2026, 2, 5), reason="koreksi"
    )

    entries = entries_of_item(item=road, year=2026)
    assert len(entries) == 7
    newest_first = [split, posted[4], posted[3], posted[2], reversal, posted[1]]
    newest_first.append(posted[0])
    assert list(entries) == newest_first
    page = paginate(entries, number=2, per_page=3)
    assert page.paginator.count == 7 and page.paginator.num_pages == 3
    assert list(page) == newest_first[3:6]
    assert page.object_list[0].document.number == "SP2D-2"
