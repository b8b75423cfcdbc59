# SPDX-License-Identifier: EUPL-1.2
"""Writes of the PKB roll: vehicles, annual bills with the opsen line, paying them.

A vehicle's bill for a year is ``PKB = NJKB × weighting coefficient × rate`` (the
province's line; the rate rises with the owner's vehicle number) plus the opsen PKB,
66% of the PKB, for the regency (spec §5; :func:`balai.tax.levies.pkb`). One bill per
vehicle and year (a unique constraint): issuing twice makes nothing twice. The bill
is due on the STNK anniversary in that year; its reference ``PKB-<year>-<plate>`` is
its payable reference.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError, Conflict
from balai.core.payables import Settlement
from balai.payments import services as payments
from balai.security import audit
from balai.tax import levies
from balai.tax.constants import (
    PKB_PAYABLE_KIND,
    ErrorCode,
    VehicleKind,
)
from balai.tax.models import PkbBill, Vehicle

logger = logging.getLogger(__name__)

_PLATE = re.compile(r"^([A-Z]{1,2})(\d{1,4})([A-Z]{0,3})$")


def registration_clean(text: str) -> str:
    """``d 1234 abc`` → ``D 1234 ABC``; BalaiError when it is no Indonesian plate."""
    compact = re.sub(r"[\s.-]", "", (text or "").upper())
    match = _PLATE.match(compact)
    if match is None:
        message = _(
            "A registration number has an area code, 1 to 4 digits and up to three "
            "letters, e.g. D 1234 ABC."
        )
        raise BalaiError(
            message,
            code=ErrorCode.INVALID_REGISTRATION,
            field_errors={"registration": [message]},
        )
    return " ".join(part for part in match.groups() if part)


def pkb_reference(year: int, registration: str) -> str:
    return f"{PKB_PAYABLE_KIND}-{year}-{registration.replace(' ', '')}"


def _positive(value: Any, field: str, *, whole: bool) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        number = Decimal(-1)
    if not number.is_finite() or number <= 0 or (whole and number != int(number)):
        message = _("Enter a positive number.")
        raise BalaiError(
            message, code=ErrorCode.INVALID_VALUE, field_errors={field: [message]}
        )
    return number


@transaction.atomic
def vehicle_register(
    *,
    actor: Any,
    registration: str,
    kind: str,
    make_model: str,
    year_made: int,
    njkb: Any,
    weight: Any,
    owner_nik: str,
    owner_name: str,
    registered_on: dt.date,
    ownership_order: int = 1,
) -> Vehicle:
    """Add a vehicle of the provincial roll (an officer's act, an import, the seed)."""
    plate = registration_clean(registration)
    if Vehicle.objects.filter(registration=plate).exists():
        raise Conflict(
            _("Vehicle %(plate)s is already registered.") % {"plate": plate},
            code=ErrorCode.DUPLICATE_VEHICLE,
        )
    if kind not in VehicleKind.values:
        raise BalaiError(_("Unknown kind of vehicle."), code=ErrorCode.INVALID_KIND)
    nik = "".join(ch for ch in owner_nik if ch.isdigit())
    if len(nik) != 16 or not owner_name.strip():
        raise BalaiError(
            _("A vehicle owner has a 16-digit NIK and a name."),
            code=ErrorCode.INVALID_TAXPAYER,
        )
    if ownership_order < 1:
        raise BalaiError(
            _("The owner's vehicle number starts at 1."), code=ErrorCode.INVALID_VALUE
        )
    vehicle = Vehicle(
        registration=plate,
        kind=kind,
        make_model=make_model.strip(),
        year_made=year_made,
        njkb=_positive(njkb, "njkb", whole=True),
        weight=_positive(weight, "weight", whole=False),
        owner_nik=nik,
        owner_name=owner_name.strip(),
        ownership_order=ownership_order,
        registered_on=registered_on,
    )
    vehicle.full_clean()
    vehicle.save(force_insert=True)
    audit.record(
        actor=actor,
        action="tax.vehicle_register",
        target=vehicle,
        changes=["registration", "owner_nik", "owner_name"],
        purpose=plate,
    )
    return vehicle


def _anniversary(registered_on: dt.date, year: int) -> dt.date:
    try:
        return registered_on.replace(year=year)
    except ValueError:  # 29 February
        return dt.date(year, 2, 28)


def pkb_bill_for(vehicle: Vehicle, year: int, rates: tuple[Decimal, ...]) -> PkbBill:
    rate = levies.pkb_rate_for(vehicle.ownership_order, rates)
    result = levies.pkb(njkb=vehicle.njkb, weight=vehicle.weight, rate_percent=rate)
    computation = {
        **levies.as_json(result),
        "njkb": str(vehicle.njkb),
        "weight": str(vehicle.weight),
        "ownership_order": str(vehicle.ownership_order),
        "opsen_percent": str(levies.OPSEN_PERCENT),
    }
    return PkbBill(
        vehicle_id=vehicle.pk,
        year=year,
        reference=pkb_reference(year, vehicle.registration),
        pkb=result.pkb,
        opsen=result.opsen,
        principal=result.total,
        computation=computation,
        rules=f"{settings.TAX['pkb_regulation']}; rates {rates}",
        due_date=_anniversary(vehicle.registered_on, year),
    )


def pkb_bills_issue(*, year: int, actor: Any = None) -> int:
    """This year's PKB bill of every active vehicle; returns how many were new."""
    from balai.tax.services import _year

    year = _year(year)
    try:
        rates = levies.pkb_rates()
    except ValueError as exc:
        raise BalaiError(str(exc), code=ErrorCode.INVALID_RULES) from exc
    made = 0
    vehicles = Vehicle.objects.filter(active=True).order_by("registration")
    with transaction.atomic():
        before = PkbBill.objects.filter(year=year).count()
        PkbBill.objects.bulk_create(
            [pkb_bill_for(vehicle, year, rates) for vehicle in vehicles],
            ignore_conflicts=True,
            batch_size=1000,
        )
        made = PkbBill.objects.filter(year=year).count() - before
        audit.record(
            actor=actor,
            action="tax.pkb_issue",
            target=None,
            changes=["year"],
            purpose=f"PKB {year}: {made}",
        )
    return made


@transaction.atomic
def pkb_bill_pay(*, actor: Any, bill_id: Any) -> Any:
    """The payment order for a PKB bill (both lines, one code)."""
    from balai.tax.services import unpaid_bill_for_update

    bill = unpaid_bill_for_update(PkbBill, bill_id, related="vehicle")
    return payments.order_create(
        reference=bill.reference,
        amount=bill.principal,
        description=_("PKB %(year)d and opsen, %(plate)s")
        % {"year": bill.year, "plate": bill.vehicle.registration},
        payer=actor,
        payer_name=getattr(actor, "full_name", "") or "",
    )


@transaction.atomic
def pkb_bill_settled(settlement: Settlement) -> None:
    """Receiver of a settled payment for ``PKB-...``; idempotent."""
    from balai.tax.services import mark_bill_paid

    mark_bill_paid(PkbBill, settlement)
