# SPDX-License-Identifier: EUPL-1.2
"""Application fees as payables (``balai.core.payables``, kind ``PMH``).

Submitting an application with a fee opens a payable whose reference is the
application number; the application waits in ``awaiting_payment``. The payments
capability sends ``payment_settled`` for that reference; :func:`fee_settled` then moves
the application on to review. Nothing here knows how the money was paid.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from balai.cases.constants import Action, PayableStatus, Status
from balai.cases.models import Application, ApplicationPayable
from balai.cases.services.common import clock_pause, clock_resume, step
from balai.catalog.definitions import ServiceDefinition
from balai.core.errors import BalaiError
from balai.core.payables import Settlement
from balai.payments import selectors as payment_selectors
from balai.payments import services as payments
from balai.tax.fees import fee_compute

logger = logging.getLogger(__name__)


def fee_for(
    service: ServiceDefinition, answers: dict[str, Any], *, strict: bool
) -> Decimal:
    """The service's fee: the fixed amount, or its formula over the answers (tax
    app). Not ``strict`` (a draft): an incomplete answer counts as no fee yet."""
    if not service.fee.formula:
        return service.fee.amount
    try:
        return service.fee.amount + fee_compute(service.fee.formula, answers).amount
    except BalaiError:
        if strict:
            raise
        return service.fee.amount


def payable_open(application: Application) -> ApplicationPayable:
    """Create the fee payable and its payment order (billing codes) and move the
    submitted application to wait for it."""
    payable = ApplicationPayable(
        application=application,
        reference=application.number,
        amount=application.fee_amount,
    )
    payable.full_clean(exclude=["application"])
    payable.save(force_insert=True)
    if payment_selectors.online_payments_enabled():  # else paid at a counter
        payments.order_create(
            reference=payable.reference,
            amount=payable.amount,
            description=f"{application.service_name_id} {application.number}"[:200],
            payer=application.applicant,
            payer_name=getattr(application.applicant, "full_name", "") or "",
        )
    step(
        application,
        action=Action.AWAIT_PAYMENT,
        actor=None,
        fields=clock_pause(application),
    )
    return payable


def payable_cancel(application: Application) -> None:
    """An unpaid fee of a withdrawn or rejected application is not due any more."""
    ApplicationPayable.objects.filter(
        application=application, status=PayableStatus.PENDING
    ).update(status=PayableStatus.CANCELLED, updated_at=timezone.now())


@transaction.atomic
def fee_settled(settlement: Settlement) -> None:
    """Receiver of a settled payment for ``PMH-...``: idempotent (a second
    confirmation changes nothing); too small an amount is logged and ignored."""
    payable = (
        ApplicationPayable.objects.select_for_update()
        .filter(reference=settlement.reference)
        .first()
    )
    if payable is None:
        logger.warning("cases.payment_unknown_reference")
        return
    if payable.status != PayableStatus.PENDING:
        return
    if settlement.amount < payable.amount:
        logger.warning(
            "cases.payment_short payable=%s amount=%s due=%s",
            payable.pk,
            settlement.amount,
            payable.amount,
        )
        return
    payable.status = PayableStatus.SETTLED
    payable.paid_amount = settlement.amount
    payable.settled_at = settlement.paid_at
    payable.save(update_fields=["status", "paid_amount", "settled_at", "updated_at"])
    application = Application.objects.select_for_update().get(pk=payable.application_id)
    if application.status != Status.AWAITING_PAYMENT:
        return  # withdrawn meanwhile: the money is the payments app's to refund
    step(
        application,
        action=Action.PAYMENT_SETTLED,
        actor=None,
        fields=clock_resume(application),
    )
