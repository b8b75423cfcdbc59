# SPDX-License-Identifier: EUPL-1.2
"""Demo data: PBB-P2 objects and bills, so a new user can pay at once.

Two objects of the demo citizen (``warga@balai.test``): the house, with this year's
bill to pay (last year's paid), and a plot in arrears (last year's bill unpaid, so
late interest shows). A few objects of synthetic taxpayers fill the tax roll.
Idempotent: objects are looked up by NOP, assessments create nothing twice.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from balai.accounts.seed import DEMO_CITIZEN_NIK
from balai.core.payables import Settlement
from balai.core.seeding import SeedContext
from balai.tax import services
from balai.tax.constants import BillStatus
from balai.tax.models import TaxBill, TaxObject

HOUSE = "327301000100100010"  # 32.73.010.001.001-0001.0
PLOT = "327301000100100020"  # 32.73.010.001.001-0002.0
OTHERS = 12


def _object(nop: str, **values: object) -> TaxObject:
    existing = TaxObject.objects.filter(nop=nop).first()
    if existing is not None:
        return existing
    return services.object_register(actor=None, nop=nop, **values)  # type: ignore[arg-type]


def seed_taxes(context: SeedContext) -> None:
    if settings.PRODUCTION:
        return
    year = timezone.localdate().year
    _object(
        HOUSE,
        address="Jl. Sukasari Indah No. 7, Kota Bandung",
        land_area=180,
        land_value_m2=Decimal(2_500_000),
        building_area=120,
        building_value_m2=Decimal(1_800_000),
        taxpayer_name="Siti Rahmawati",
        taxpayer_nik=DEMO_CITIZEN_NIK,
    )
    _object(
        PLOT,
        address="Jl. Gegerkalong Girang, Kota Bandung (kavling)",
        land_area=300,
        land_value_m2=Decimal(1_200_000),
        taxpayer_name="Siti Rahmawati",
        taxpayer_nik=DEMO_CITIZEN_NIK,
        njoptkp_applies=False,  # one NJOPTKP per taxpayer: on the house
    )
    fake = context.fake
    for serial in range(1, OTHERS + 1):
        _object(
            f"3273010001002{serial:04d}0",
            address=f"{fake.street_address()}, Kota Bandung",
            land_area=60 + 20 * serial,
            land_value_m2=Decimal(1_000_000 + 150_000 * serial),
            building_area=36 + 10 * serial,
            building_value_m2=Decimal(1_500_000),
            taxpayer_name=fake.name(),
            taxpayer_nik=f"3273011{serial:03d}8900{serial:03d}"[:16],
        )
    services.assessment_run(year=year - 1)
    services.assessment_run(year=year)
    # last year's bills were paid, except the plot's (the arrears to show)
    paid_at = timezone.now().replace(year=year - 1, month=7, day=15)
    for bill in TaxBill.objects.filter(year=year - 1, status=BillStatus.UNPAID).exclude(
        tax_object__nop=PLOT
    ):
        services.bill_settled(
            Settlement(reference=bill.reference, amount=bill.principal, paid_at=paid_at)
        )
    context.write(
        f"PBB-P2: {TaxObject.objects.count()} objects, "
        f"{TaxBill.objects.filter(year=year).count()} bills for {year}; "
        f"the demo citizen pays NOP {HOUSE} at /pajak/"
    )
