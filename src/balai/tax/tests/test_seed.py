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


def test_the_demo_citizen_has_a_car_to_pay_and_a_bphtb_return(sample_regions):
    import datetime as dt

    from balai.accounts.seed import DEMO_CITIZEN_EMAIL, DEMO_CITIZEN_NIK
    from balai.accounts.tests.factories import UserFactory
    from balai.registry.tests.factories import register_officer, registered
    from balai.tax.models import BphtbReturn, PkbBill
    from balai.tax.seed import BOUGHT, CAR

    born = dt.date(1990, 8, 17)
    registered(
        register_officer(),
        nik=DEMO_CITIZEN_NIK,
        birth_date=born,
        full_name="Siti Rahmawati",
    )
    citizen = UserFactory(
        email=DEMO_CITIZEN_EMAIL, nik=DEMO_CITIZEN_NIK, birth_date=born
    )
    context = make_context(residents=0, seed=1, write=lambda line: None, progress=False)
    seed_taxes(context)
    seed_taxes(context)
    year = timezone.localdate().year
    car = PkbBill.objects.get(vehicle__registration=CAR, year=year)
    assert car.status == BillStatus.UNPAID and car.opsen > 0
    assert PkbBill.objects.get(vehicle__registration=CAR, year=year - 1).status == (
        BillStatus.PAID
    )
    filed = BphtbReturn.objects.get()
    assert filed.filed_by == citizen and filed.tax_object.nop == BOUGHT
    assert filed.status == "filed" and filed.principal > 0
