# SPDX-License-Identifier: EUPL-1.2
"""Demo data: PBB-P2 objects and bills, so a new user can pay at once.

Two objects of the demo citizen (``warga@balai.test``): the house, with this year's
bill to pay (last year's paid), and a plot in arrears (last year's bill unpaid, so
late interest shows). A few objects of synthetic taxpayers fill the tax roll.
The demo citizen also owns a car with this year's PKB bill (with the opsen line) to
pay, last year's paid, and has filed one BPHTB return (buying one of the synthetic
objects) that waits for payment — when the register links her account.
Idempotent: objects are looked up by NOP, vehicles by plate, assessments and PKB
bills create nothing twice, the BPHTB return is filed once.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from balai.accounts.seed import DEMO_CITIZEN_EMAIL, DEMO_CITIZEN_NIK
from balai.core.payables import Settlement
from balai.core.seeding import SeedContext
from balai.tax import services
from balai.tax.constants import BillStatus
from balai.tax.models import BphtbReturn, PkbBill, TaxBill, TaxObject, Vehicle

HOUSE = "327301000100100010"  # 32.73.010.001.001-0001.0
PLOT = "327301000100100020"  # 32.73.010.001.001-0002.0
OTHERS = 12
CAR = "D 1708 SRW"
BOUGHT = "327301000100200010"  # the synthetic object the demo citizen buys


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
    _seed_vehicles(context, year)
    _seed_bphtb(context)


def _seed_vehicles(context: SeedContext, year: int) -> None:
    from balai.tax import services_pkb

    if not Vehicle.objects.filter(registration=CAR).exists():
        services_pkb.vehicle_register(
            actor=None,
            registration=CAR,
            kind="car",
            make_model="Honda Brio Satya 1.2",
            year_made=2022,
            njkb=Decimal(150_000_000),
            weight=Decimal("1.050"),
            owner_nik=DEMO_CITIZEN_NIK,
            owner_name="Siti Rahmawati",
            registered_on=dt.date(2022, 11, 20),
        )
    fake = context.fake
    for serial in range(1, 6):
        plate = f"D {4000 + serial} {'ABCDE'[serial - 1]}K"
        if Vehicle.objects.filter(registration=plate).exists():
            continue
        services_pkb.vehicle_register(
            actor=None,
            registration=plate,
            kind="motorcycle" if serial % 2 else "car",
            make_model="Honda Vario 125" if serial % 2 else "Toyota Avanza 1.3",
            year_made=2018 + serial,
            njkb=Decimal(18_000_000 if serial % 2 else 190_000_000),
            weight=Decimal("1.000" if serial % 2 else "1.050"),
            owner_nik=f"3273011{serial:03d}8900{serial:03d}"[:16],
            owner_name=fake.name(),
            registered_on=dt.date(2019, serial, 10),
            ownership_order=1 + serial % 2,
        )
    services_pkb.pkb_bills_issue(year=year - 1)
    services_pkb.pkb_bills_issue(year=year)
    paid_at = timezone.now().replace(year=year - 1, month=11, day=1)
    for bill in PkbBill.objects.filter(year=year - 1, status=BillStatus.UNPAID):
        services_pkb.pkb_bill_settled(
            Settlement(reference=bill.reference, amount=bill.principal, paid_at=paid_at)
        )
    context.write(
        f"PKB: {Vehicle.objects.count()} vehicles, "
        f"{PkbBill.objects.filter(year=year).count()} bills for {year}; "
        f"the demo citizen pays {CAR} at /pajak/"
    )


def _seed_bphtb(context: SeedContext) -> None:
    from django.contrib.auth import get_user_model

    from balai.core.errors import BalaiError
    from balai.tax import services_bphtb

    citizen = get_user_model().objects.get_by_login(DEMO_CITIZEN_EMAIL)
    if citizen is None or BphtbReturn.objects.filter(filed_by=citizen).exists():
        return
    try:
        filed = services_bphtb.bphtb_file(
            actor=citizen, nop=BOUGHT, price=Decimal(800_000_000), acquisition="sale"
        )
    except BalaiError as exc:  # the register does not hold her record
        context.write(f"BPHTB: no demo return ({exc.code})")
        return
    context.write(f"BPHTB: return {filed.reference} of the demo citizen to pay")
