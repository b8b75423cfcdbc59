# SPDX-License-Identifier: EUPL-1.2
"""Reads of the tax app."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from balai.registry.selectors.residents import resident_for_citizen
from balai.security.crypto.blind import index_for
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
