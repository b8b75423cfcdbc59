# SPDX-License-Identifier: EUPL-1.2
"""A paid BPHTB return posts to the BPHTB revenue line (the route of the finance
seeds: kind ``BPHTB`` → 4.1.01.13.01.0001), once however often it is confirmed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

import pytest

from balai.accounts.tests.factories import UserFactory
from balai.core.payables import payment_settled
from balai.finance.models import JournalEntry, RevenueRoute
from balai.finance.services.journal import realised
from balai.finance.tests.helpers import approved_budget, item
from balai.registry.tests.factories import register_officer, registered
from balai.tax import services_bphtb
from balai.tax.models import BphtbReturn
from balai.tax.tests.support import NOP, tax_object

pytestmark = pytest.mark.usefixtures("codes")
BPHTB = ("5.02.04.2.01.0004", "4.1.01.13.01.0001")
NIK = "3273014203910002"
BORN = dt.date(1991, 3, 2)


def test_a_paid_bphtb_return_is_booked_as_bphtb_revenue(
    keeper: Any, bapenda: Any, sample_regions: Any
) -> None:
    year = timezone.localdate().year
    line = item(bapenda, BPHTB)
    approved_budget(keeper, year, {line: 420_000_000_000})
    RevenueRoute.objects.create(kind="BPHTB", item=line)
    registered(register_officer(), nik=NIK, birth_date=BORN, full_name="Rina Lestari")
    tax_object(building_value_m2=Decimal(3_000_000))
    buyer = UserFactory(nik=NIK, birth_date=BORN)  # type: ignore[no-untyped-call]
    filed = services_bphtb.bphtb_file(
        actor=buyer, nop=NOP, price="800000000", acquisition="sale"
    )
    for _ in range(2):  # the provider confirms twice
        payment_settled.send(
            sender=None,
            reference=filed.reference,
            amount=filed.principal,
            paid_at=timezone.now(),
        )
    assert (
        JournalEntry.objects.filter(settlement_reference=filed.reference).count() == 1
    )
    assert realised(line, year) == 36_000_000
    assert BphtbReturn.objects.get().status == "paid"
