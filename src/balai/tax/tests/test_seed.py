# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from django.utils import timezone

import pytest

from balai.core.seeding import make_context
from balai.tax import services
from balai.tax.constants import BillStatus
from balai.tax.models import TaxBill, TaxObject
from balai.tax.seed import HOUSE, PLOT, seed_taxes

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_bill_to_pay_and_one_in_arrears_and_reseeding_adds_nothing():
    lines: list[str] = []
    context = make_context(residents=0, seed=1, write=lines.append, progress=False)
    seed_taxes(context)
    seed_taxes(context)
    year = timezone.localdate().year
    assert TaxObject.objects.count() == 14
    house = TaxBill.objects.get(tax_object__nop=HOUSE, year=year)
    assert house.status == BillStatus.UNPAID
    arrears = TaxBill.objects.get(tax_object__nop=PLOT, year=year - 1)
    assert arrears.status == BillStatus.UNPAID
    assert services.bill_amount_due(arrears).interest > 0
    assert (
        not TaxBill.objects.filter(year=year - 1, status="unpaid")
        .exclude(tax_object__nop=PLOT)
        .exists()
    )
    assert any(HOUSE in line for line in lines)
