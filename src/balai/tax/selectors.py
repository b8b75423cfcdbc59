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
from balai.tax.models import TaxBill, TaxObject


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
