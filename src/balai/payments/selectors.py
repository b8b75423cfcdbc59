# SPDX-License-Identifier: EUPL-1.2
"""Reads of the payments app (for receipts, reconciliation and pages above it)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from balai.payments.constants import OrderStatus, RefundStatus
from balai.payments.models import PaymentOrder, Refund


def paid_order(reference: str) -> PaymentOrder | None:
    """The settled order of a payable reference, or None."""
    return PaymentOrder.objects.filter(
        reference=reference, status=OrderStatus.PAID
    ).first()


def paid_order_for_payer(reference: str, user: Any) -> PaymentOrder | None:
    """The settled order of ``reference`` if ``user`` paid it (their receipt)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return PaymentOrder.objects.filter(
        reference=reference, status=OrderStatus.PAID, payer=user
    ).first()


def receipt_references(references: Iterable[str], user: Any) -> set[str]:
    """Which of ``references`` ``user`` paid through Balai, so has a receipt to
    download. A bill settled elsewhere (a bank counter, an earlier system) has none."""
    wanted = [reference for reference in references if reference]
    if not wanted or not getattr(user, "is_authenticated", False):
        return set()
    return set(
        PaymentOrder.objects.filter(
            reference__in=wanted, status=OrderStatus.PAID, payer=user
        ).values_list("reference", flat=True)
    )


def refunds_open() -> QuerySet[Refund]:
    return Refund.objects.filter(
        status__in=[RefundStatus.FLAGGED, RefundStatus.REQUESTED]
    ).select_related("order")


def refund_officer_ids() -> list[Any]:
    """The active officers and heads of the revenue agency
    (``PAYMENTS_REVENUE_AGENCY``): told when a payment is flagged for refund."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from balai.accounts.constants import Role

    ids = (
        get_user_model()
        .objects.filter(
            is_active=True,
            is_staff=True,
            agency__code=settings.PAYMENTS["revenue_agency"],
            groups__name__in=[Role.OFFICER, Role.AGENCY_HEAD],
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return list(dict.fromkeys(ids))  # one entry per person, whatever their roles


def online_payments_enabled() -> bool:
    """Whether the default provider is enabled (else bills are paid at a counter)."""
    from balai.payments import backends

    return backends.provider(backends.default()) is not None


def pay_url(reference: str) -> str:
    """Where the payer pays the open order of ``reference`` ('' if none is open)."""
    from django.utils import timezone

    from balai.payments import backends

    order = PaymentOrder.objects.filter(
        reference=reference,
        status=OrderStatus.PENDING,
        expires_at__gt=timezone.now(),
    ).first()
    provider = backends.provider(order.provider) if order is not None else None
    return provider.pay_url(order) if provider is not None else ""
