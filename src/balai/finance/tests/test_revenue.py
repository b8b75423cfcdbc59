# SPDX-License-Identifier: EUPL-1.2
"""Revenue from settled payments, with the signal exactly as core sends it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

import pytest

from balai.core.payables import payment_settled
from balai.finance.constants import DocumentKind, EntryKind
from balai.finance.models import JournalEntry, RevenueRoute
from balai.finance.services.journal import period_close, realised
from balai.finance.tests.helpers import PBB, approved_budget, item

pytestmark = pytest.mark.usefixtures("codes")
PAID = timezone.make_aware(dt.datetime(2026, 5, 4, 10, 30))


@pytest.fixture
def pbb(keeper: Any, bapenda: Any) -> Any:
    pbb = item(bapenda, PBB)
    approved_budget(keeper, 2026, {pbb: 5_000_000_000})
    RevenueRoute.objects.create(kind="PBB", item=pbb)
    return pbb


def _settle(reference: str, amount: str = "250000") -> None:
    payment_settled.send(
        sender=None, reference=reference, amount=Decimal(amount), paid_at=PAID
    )


def test_a_settlement_posts_revenue_to_its_line_once(pbb: Any) -> None:
    _settle("PBB-2026-000001")
    entry = JournalEntry.objects.get(settlement_reference="PBB-2026-000001")
    assert entry.kind == EntryKind.REVENUE and entry.date == dt.date(2026, 5, 4)
    assert entry.document.kind == DocumentKind.SETTLEMENT
    assert realised(pbb, 2026) == 250_000

    _settle("PBB-2026-000001")  # the provider confirms again
    _settle("PBB-2026-000001")
    assert JournalEntry.objects.count() == 1
    assert realised(pbb, 2026) == 250_000

    _settle("PBB-2026-000002", "100000")
    assert realised(pbb, 2026) == 350_000


def test_a_kind_without_a_route_posts_nothing(pbb: Any) -> None:
    _settle("PMH-2026-000009")
    assert not JournalEntry.objects.exists()


def test_revenue_for_a_closed_month_lands_in_the_current_one(
    pbb: Any, keeper: Any
) -> None:
    for month in range(1, 6):
        period_close(actor=keeper, fiscal_year=2026, month=month)
    _settle("PBB-2026-000003")
    entry = JournalEntry.objects.get()
    assert entry.date == timezone.localdate()


def test_a_settlement_the_books_cannot_take_does_not_fail_the_payment(
    pbb: Any,
) -> None:
    _settle("PBB-2026-000004", "0")  # no error reaches the payments app
    assert not JournalEntry.objects.exists()
