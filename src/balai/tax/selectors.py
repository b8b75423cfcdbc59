# SPDX-License-Identifier: EUPL-1.2
"""Reads of the tax app."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from balai.registry.selectors.residents import resident_for_citizen
from balai.security.crypto.blind import index_for
from balai.tax import pbb
from balai.tax.models import BphtbReturn, PkbBill, TaxBill, TaxObject, Vehicle


def objects_for_citizen(user: Any) -> QuerySet[TaxObject]:
    """The signed-in citizen's own objects: found by the NIK of their register
    record (the register's selector checks the account against it)."""
    resident = resident_for_citizen(user)
    if resident is None or not resident.nik:
        return TaxObject.objects.none()
    return TaxObject.objects.filter(
        taxpayer_nik_index=index_for(TaxObject, "taxpayer_nik", resident.nik),
        active=True,
    )


def bills_for_citizen(user: Any) -> QuerySet[TaxBill]:
    return TaxBill.objects.filter(
        tax_object__in=objects_for_citizen(user)
    ).select_related("tax_object")


def vehicles_for_citizen(user: Any) -> QuerySet[Vehicle]:
    """The signed-in citizen's vehicles, by the NIK of their register record."""
    resident = resident_for_citizen(user)
    if resident is None or not resident.nik:
        return Vehicle.objects.none()
    return Vehicle.objects.filter(
        owner_nik_index=index_for(Vehicle, "owner_nik", resident.nik), active=True
    )


def pkb_bills_for_citizen(user: Any) -> QuerySet[PkbBill]:
    return PkbBill.objects.filter(
        vehicle__in=vehicles_for_citizen(user)
    ).select_related("vehicle")


def bphtb_returns_for_citizen(user: Any) -> QuerySet[BphtbReturn]:
    """Returns the citizen filed or is the buyer of."""
    from django.db.models import Q

    if not getattr(user, "is_authenticated", False):
        return BphtbReturn.objects.none()
    query = Q(filed_by=user)
    resident = resident_for_citizen(user)
    if resident is not None and resident.nik:
        query |= Q(buyer_nik_index=index_for(BphtbReturn, "buyer_nik", resident.nik))
    return BphtbReturn.objects.filter(query).select_related("tax_object")


def pkb_bill_for_inquiry(registration: str, year: int) -> PkbBill | None:
    return (
        PkbBill.objects.filter(vehicle__registration=registration, year=year)
        .select_related("vehicle")
        .first()
    )


def bphtb_return_for_inquiry(reference: str) -> BphtbReturn | None:
    return BphtbReturn.objects.filter(reference=reference).first()


def bphtb_returns_to_decide(*, limit: int = 50) -> list[BphtbReturn]:
    """Filed and paid returns, paid (ready to verify) first, oldest first."""
    from balai.tax.constants import ReturnStatus

    rows = BphtbReturn.objects.filter(
        status__in=[ReturnStatus.PAID, ReturnStatus.FILED]
    ).select_related("tax_object")
    return sorted(
        rows.order_by("created_at")[:limit],
        key=lambda r: (r.status != ReturnStatus.PAID, r.created_at),
    )


def vehicle_roll(query: str, year: int, *, limit: int = 50) -> list[dict[str, Any]]:
    """Vehicles (registration starting with what was typed) with the year's bill."""
    plate = "".join(query.split()).upper()
    rows = Vehicle.objects.all().order_by("registration")
    if plate:
        from django.db.models import Value
        from django.db.models.functions import Replace

        rows = rows.annotate(
            compact=Replace("registration", Value(" "), Value(""))
        ).filter(compact__startswith=plate)
    vehicles = list(rows[:limit])
    bills = {
        bill.vehicle_id: bill
        for bill in PkbBill.objects.filter(vehicle__in=vehicles, year=year)
    }
    return [{"vehicle": v, "bill": bills.get(v.pk)} for v in vehicles]


def opsen_totals(year: int) -> dict[str, Decimal]:
    """The year's PKB and opsen billed and collected (the regency's share)."""
    from django.db.models import Q, Sum

    from balai.tax.constants import BillStatus

    paid = Q(status=BillStatus.PAID)
    row = PkbBill.objects.filter(year=year).aggregate(
        pkb_billed=Sum("pkb"),
        opsen_billed=Sum("opsen"),
        pkb_paid=Sum("pkb", filter=paid),
        opsen_paid=Sum("opsen", filter=paid),
    )
    return {key: value or Decimal(0) for key, value in row.items()}


def bill_for_inquiry(nop: str, year: int) -> TaxBill | None:
    """A bill by NOP and year, for the public inquiry (no owner data is read)."""
    return (
        TaxBill.objects.filter(tax_object__nop=nop, year=year)
        .select_related("tax_object")
        .first()
    )


@dataclass(frozen=True)
class AmountDue:
    principal: Decimal
    months_late: int
    rate_percent: Decimal
    interest: Decimal

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest


def bill_amount_due(bill: TaxBill, on: dt.date | None = None) -> AmountDue:
    """What paying ``bill`` costs on ``on`` (today): the principal and late interest."""
    on = on or timezone.localdate()
    months, rate, interest = pbb.late_interest(
        principal=bill.principal, tax_year=bill.year, due_date=bill.due_date, on=on
    )
    return AmountDue(bill.principal, months, rate, interest)


def tax_roll(query: str, *, limit: int = 50) -> list[TaxObject]:
    """Objects whose NOP starts with the digits typed (officers' search)."""
    digits = "".join(ch for ch in query if ch.isdigit())
    rows = TaxObject.objects.all()
    if digits:
        rows = rows.filter(nop__startswith=digits)
    return list(rows.order_by("nop")[:limit])


def arrears(*, limit: int = 50) -> list[TaxBill]:
    """Unpaid bills past their due date, oldest first."""
    from django.utils import timezone

    from balai.tax.constants import BillStatus

    return list(
        TaxBill.objects.filter(
            status=BillStatus.UNPAID, due_date__lt=timezone.localdate()
        )
        .select_related("tax_object")
        .order_by("due_date", "reference")[:limit]
    )


def collection_by_village(year: int) -> list[dict[str, Any]]:
    """Per village (the NOP's district and village codes): bills, paid, amount due,
    amount collected and the collection rate in percent."""
    from decimal import Decimal

    from django.db.models import Count, Q, Sum
    from django.db.models.functions import Substr

    from balai.tax.constants import BillStatus

    rows = (
        TaxBill.objects.filter(year=year)
        .annotate(village=Substr("tax_object__nop", 5, 6))
        .values("village")
        .annotate(
            bills=Count("id"),
            paid=Count("id", filter=Q(status=BillStatus.PAID)),
            due=Sum("principal"),
            collected=Sum("paid_amount", filter=Q(status=BillStatus.PAID)),
        )
        .order_by("village")
    )
    result = []
    for row in rows:
        due = row["due"] or Decimal(0)
        collected = row["collected"] or Decimal(0)
        rate = int(100 * collected / due) if due else 0
        result.append({**row, "collected": collected, "rate": min(rate, 100)})
    return result


def objections_open() -> list[Any]:
    from balai.tax.constants import ObjectionStatus
    from balai.tax.models import Objection

    return list(
        Objection.objects.filter(status=ObjectionStatus.FILED)
        .select_related("bill", "bill__tax_object")
        .order_by("created_at")[:50]
    )
