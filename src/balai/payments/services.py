# SPDX-License-Identifier: EUPL-1.2
"""Every write of the payments app: orders, notifications, settlement, refunds.

Exactly-once settlement rests on three things, all in the database:

1. a notification is stored once per (provider, event id) — a repeated webhook meets
   the unique constraint and changes nothing;
2. the order row is locked while a notification is applied, so two payments of one
   order are serialised: the first settles it, the second is recorded for refund;
3. settling writes a :class:`SettlementOutbox` row in the same transaction, and
   ``payment_settled`` is sent from :func:`settlement_deliver`, which marks the row
   delivered in the transaction of the payable's own update. A crash after the
   settlement commits leaves the row undelivered; the task (or ``balai payments
   deliver``) delivers it later, once.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError, Conflict, NotFound
from balai.core.payables import kind_of, payment_settled
from balai.payments import backends, codes, policies, selectors
from balai.payments.backends.base import (
    MalformedNotification,
    Notification,
    SignatureInvalid,
    SignatureStale,
)
from balai.payments.constants import (
    ErrorCode,
    NotificationStatus,
    OrderStatus,
    Outcome,
    RefundStatus,
)
from balai.payments.models import (
    PaymentNotification,
    PaymentOrder,
    Refund,
    SettlementOutbox,
)
from balai.payments.tasks import settlement_deliver_task
from balai.security import audit

logger = logging.getLogger(__name__)

MAX_AMOUNT = Decimal(10) ** 13
SERIAL_DIGITS = 10
SERIAL_ATTEMPTS = 8


class Unauthorized(BalaiError):
    status = 401


def whole_rupiah(value: Any, *, field: str = "amount") -> Decimal:
    """``value`` as a positive whole number of rupiah, or a clear error."""
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise _amount_error(field) from exc
    if not amount.is_finite() or amount <= 0 or amount >= MAX_AMOUNT:
        raise _amount_error(field)
    if amount != amount.to_integral_value():
        raise _amount_error(field)
    return amount.quantize(Decimal(1))


def _amount_error(field: str) -> BalaiError:
    message = _("The amount must be a whole number of rupiah above zero.")
    return BalaiError(
        message, code=ErrorCode.INVALID_AMOUNT, field_errors={field: [message]}
    )


def _billing_codes(serial: int, amount: Decimal, reference: str) -> tuple[str, str]:
    config = settings.PAYMENTS
    va = codes.va_number(str(config["va_prefix"]), serial, width=SERIAL_DIGITS)
    qris = codes.qris_payload(
        merchant_pan=str(config["qris_merchant_pan"]),
        merchant_id=str(config["qris_merchant_id"]),
        merchant_name=str(config["qris_merchant_name"]),
        merchant_city=str(config["qris_merchant_city"]),
        postal_code=str(config["qris_postal_code"]),
        amount=amount,
        bill_number=reference,
    )
    return va, qris


def _expire_if_due(order: PaymentOrder, now: dt.datetime) -> bool:
    if order.status == OrderStatus.PENDING and order.expires_at <= now:
        order.status = OrderStatus.EXPIRED
        order.save(update_fields=["status", "updated_at"])
        return True
    return False


@transaction.atomic
def order_create(
    *,
    reference: str,
    amount: Any,
    description: str,
    payer: Any = None,
    payer_name: str = "",
    expires_at: dt.datetime | None = None,
    provider: str | None = None,
) -> PaymentOrder:
    """The open order for ``reference`` (made now, with billing codes, or the one
    still open for the same amount). Refused: an unregistered payable kind, a
    reference already paid, an amount that is not whole rupiah, a past expiry."""
    reference = (reference or "").strip()
    if kind_of(reference) is None:
        raise BalaiError(
            _("No payable kind is registered for reference %(reference)s.")
            % {"reference": reference[:40]},
            code=ErrorCode.INVALID_REFERENCE,
            field_errors={"reference": [_("Unknown reference.")]},
        )
    amount = whole_rupiah(amount)
    description = (description or "").strip()
    if not description or len(description) > 200:
        raise BalaiError(
            _("A payment needs a description of up to 200 characters."),
            code=ErrorCode.INVALID_DESCRIPTION,
        )
    now = timezone.now()
    expires_at = expires_at or now + dt.timedelta(
        hours=int(settings.PAYMENTS["order_hours"])
    )
    if expires_at <= now:
        raise BalaiError(
            _("A payment order cannot expire in the past."),
            code=ErrorCode.INVALID_EXPIRY,
        )
    provider = provider or backends.default()
    if backends.provider(provider) is None:
        raise BalaiError(
            _("The payment provider %(name)s is not enabled.") % {"name": provider},
            code=ErrorCode.UNKNOWN_PROVIDER,
        )
    live = (
        PaymentOrder.objects.select_for_update()
        .filter(reference=reference, status__in=[OrderStatus.PENDING, OrderStatus.PAID])
        .first()
    )
    if live is not None and not _expire_if_due(live, now):
        if live.status == OrderStatus.PAID:
            raise Conflict(
                _("Reference %(reference)s has already been paid.")
                % {"reference": reference},
                code=ErrorCode.ORDER_NOT_PAYABLE,
            )
        if live.amount == amount:
            return live
        live.status = OrderStatus.CANCELLED  # the bill changed: the old code dies
        live.save(update_fields=["status", "updated_at"])
    for _attempt in range(SERIAL_ATTEMPTS):
        serial = secrets.randbelow(10**SERIAL_DIGITS - 1) + 1
        va, qris = _billing_codes(serial, amount, reference)
        order = PaymentOrder(
            reference=reference,
            amount=amount,
            description=description,
            payer=payer if getattr(payer, "pk", None) else None,
            payer_name=(payer_name or "").strip()[:200],
            provider=provider,
            serial=serial,
            va_number=va,
            qris_payload=qris,
            expires_at=expires_at,
        )
        order.full_clean()
        try:
            with transaction.atomic():
                order.save(force_insert=True)
        except IntegrityError:
            if PaymentOrder.objects.filter(
                reference=reference,
                status__in=[OrderStatus.PENDING, OrderStatus.PAID],
            ).exists():
                raise Conflict(
                    _("A payment for %(reference)s is already open.")
                    % {"reference": reference},
                    code=ErrorCode.ORDER_OPEN,
                ) from None
            continue  # a serial collision: draw again
        audit.record(
            actor=payer if getattr(payer, "pk", None) else None,
            action="payment.order_create",
            target=order,
            changes=["reference", "amount"],
            purpose=reference,
        )
        return order
    raise RuntimeError("could not draw an unused billing serial")


def order_for_billing_code(
    code: str, *, now: dt.datetime | None = None
) -> PaymentOrder:
    """The payable order behind a VA number or order id, as a bank asks before
    taking money: unknown, mistyped (check digit), paid and expired codes refused."""
    code = (code or "").strip().replace(" ", "")
    order: PaymentOrder | None = None
    if code.isdigit():
        if not codes.va_is_valid(code):
            raise BalaiError(
                _("This virtual-account number is mistyped (wrong check digit)."),
                code=ErrorCode.INVALID_BILLING_CODE,
            )
        order = PaymentOrder.objects.filter(va_number=code).first()
    else:
        try:
            order = PaymentOrder.objects.filter(pk=uuid.UUID(code)).first()
        except ValueError:
            order = None
    if order is None:
        raise NotFound(
            _("No payment has this billing code."), code=ErrorCode.INVALID_BILLING_CODE
        )
    _refuse_unpayable(order, now or timezone.now())
    return order


def _refuse_unpayable(order: PaymentOrder, now: dt.datetime) -> None:
    if order.status == OrderStatus.PENDING and order.expires_at <= now:
        raise BalaiError(
            _("This billing code expired on %(when)s; ask for a new one.")
            % {"when": timezone.localtime(order.expires_at).strftime("%d-%m-%Y %H:%M")},
            code=ErrorCode.ORDER_EXPIRED,
        )
    if order.status != OrderStatus.PENDING:
        raise Conflict(
            _("This billing code can no longer be paid (%(status)s).")
            % {"status": order.get_status_display()},
            code=ErrorCode.ORDER_NOT_PAYABLE,
        )


def payment_check(order: PaymentOrder, amount: Any) -> Decimal:
    """What a bank checks when money is offered for ``order``: payable now and
    exactly the amount due (partial and excess payments are refused)."""
    paid = whole_rupiah(amount)
    _refuse_unpayable(order, timezone.now())
    if paid != order.amount:
        message = _("Pay exactly Rp%(amount)s; partial payments are refused.") % {
            "amount": f"{int(order.amount):,}".replace(",", ".")
        }
        raise BalaiError(
            message,
            code=ErrorCode.PARTIAL_PAYMENT,
            field_errors={"amount": [message]},
        )
    return paid


# --- notifications -------------------------------------------------------------------


@dataclass(frozen=True)
class Received:
    event_id: str
    outcome: str
    duplicate: bool


def _security_event(provider: str, reason: str) -> None:
    from balai.security.monitoring.constants import EventKind, Severity
    from balai.security.monitoring.receivers import record_safely

    record_safely(
        kind=EventKind.OTHER,
        severity=Severity.WARNING,
        path=f"/api/v1/payments/webhooks/{provider[:30]}/",
        details={"reason": reason, "provider": provider[:30]},
    )


def notification_receive(
    *, provider: str, headers: Mapping[str, str], body: bytes
) -> list[Received]:
    """Verify and apply one webhook of ``provider``. A forged or stale signature
    changes nothing, records a security event and raises :class:`Unauthorized`."""
    backend = backends.provider(provider)
    if backend is None:
        raise NotFound(
            _("No payment provider is called %(name)s.") % {"name": provider[:30]},
            code=ErrorCode.UNKNOWN_PROVIDER,
        )
    try:
        events = backend.parse(headers, body, now=timezone.now())
    except SignatureStale as exc:
        _security_event(provider, ErrorCode.STALE_SIGNATURE)
        raise Unauthorized(
            _("The notification's signature has expired."),
            code=ErrorCode.STALE_SIGNATURE,
        ) from exc
    except SignatureInvalid as exc:
        _security_event(provider, ErrorCode.BAD_SIGNATURE)
        raise Unauthorized(
            _("The notification's signature is not valid."),
            code=ErrorCode.BAD_SIGNATURE,
        ) from exc
    except MalformedNotification as exc:
        raise BalaiError(
            _("The notification could not be understood: %(error)s")
            % {"error": str(exc)[:120]},
            code=ErrorCode.MALFORMED_NOTIFICATION,
        ) from exc
    return [notification_apply(provider=provider, event=event) for event in events]


def _order_for_key(key: str) -> PaymentOrder | None:
    try:
        order_id = uuid.UUID(key)
    except ValueError:
        return None
    return PaymentOrder.objects.select_for_update().filter(pk=order_id).first()


@transaction.atomic
def notification_apply(*, provider: str, event: Notification) -> Received:
    """Apply one verified provider event exactly once (see the module's notes)."""
    order = _order_for_key(event.order_key)
    notification = PaymentNotification(
        provider=provider,
        event_id=event.event_id,
        order=order,
        order_key=event.order_key,
        status=event.status,
        amount=event.amount,
        transaction_id=event.transaction_id,
        occurred_at=event.occurred_at,
        outcome=Outcome.RECORDED,
    )
    try:
        with transaction.atomic():
            notification.save(force_insert=True)
    except IntegrityError:
        earlier = PaymentNotification.objects.get(
            provider=provider, event_id=event.event_id
        )
        return Received(event.event_id, earlier.outcome, duplicate=True)
    outcome = _decide(order, notification)
    if outcome != Outcome.RECORDED:
        notification.outcome = outcome
        notification.save(update_fields=["outcome", "updated_at"])
    logger.info(
        "payments.notification provider=%s status=%s outcome=%s",
        provider,
        event.status,
        outcome,
    )
    return Received(event.event_id, outcome, duplicate=False)


def _decide(order: PaymentOrder | None, notification: PaymentNotification) -> str:
    if order is None:
        return Outcome.UNKNOWN_ORDER
    if notification.status != NotificationStatus.SETTLED:
        return Outcome.LATE if order.status == OrderStatus.PAID else Outcome.RECORDED
    if order.status == OrderStatus.PAID:
        if order.provider_reference == notification.transaction_id:
            return Outcome.RECORDED  # the same payment, told again under a new id
        _refund_flag(
            order,
            notification,
            _("Paid twice: a second payment arrived."),
            cause="twice",
        )
        return Outcome.REFUND
    if notification.amount != order.amount:
        _refund_flag(
            order,
            notification,
            _("The amount paid differs from the amount due."),
            cause="amount",
        )
        return Outcome.REFUSED
    if (
        order.status != OrderStatus.PENDING
        or notification.occurred_at > order.expires_at
    ):
        _refund_flag(
            order,
            notification,
            _("Paid after the billing code expired."),
            cause="expired",
        )
        return Outcome.REFUND
    order.status = OrderStatus.PAID
    order.paid_at = notification.occurred_at
    order.paid_amount = notification.amount
    order.provider_reference = notification.transaction_id
    order.save(
        update_fields=[
            "status",
            "paid_at",
            "paid_amount",
            "provider_reference",
            "updated_at",
        ]
    )
    outbox = SettlementOutbox.objects.create(order=order)
    audit.record(
        actor=None,
        action="payment.settle",
        target=order,
        changes=["status", "paid_at", "paid_amount"],
        purpose=order.reference,
    )
    transaction.on_commit(partial(settlement_deliver_task.enqueue, str(outbox.pk)))
    return Outcome.SETTLED


def _refund_flag(
    order: PaymentOrder,
    notification: PaymentNotification,
    reason: str,
    *,
    cause: str,
) -> Refund:
    logger.warning("payments.refund_flagged order=%s", order.pk)
    refund = Refund.objects.create(
        order=order,
        notification=notification,
        amount=notification.amount if notification.amount > 0 else order.amount,
        reason=reason,
    )
    _refund_notify(refund, cause=cause)
    return refund


def _refund_notify(refund: Refund, *, cause: str) -> None:
    """Tell the revenue agency's officers and heads that a payment waits to be
    refunded (after the settlement's transaction commits; one message each)."""
    from balai.core.links import public_reverse
    from balai.notifications.services import user_notify

    context = {
        "reference": refund.order.reference,
        "amount": f"Rp{int(refund.amount):,}".replace(",", "."),
        "provider": refund.order.provider,
        "cause": cause,
        "link": public_reverse("payments:officer"),
    }
    for user_id in selectors.refund_officer_ids():
        user_notify(
            user_id=str(user_id), template="payments_refund_flagged", context=context
        )


def settlement_deliver(*, outbox_id: uuid.UUID | str) -> bool:
    """Send ``payment_settled`` for one outbox row and mark it delivered, in one
    transaction with the payable's own update; False when already delivered. A
    failing payable leaves the row undelivered, with the error noted."""
    try:
        with transaction.atomic():
            row = (
                SettlementOutbox.objects.select_for_update()
                .select_related("order")
                .filter(pk=outbox_id)
                .first()
            )
            if row is None:
                raise NotFound(_("No such settlement."))
            if row.delivered_at is not None:
                return False
            order = row.order
            payment_settled.send(
                sender=PaymentOrder,
                reference=order.reference,
                amount=order.paid_amount,
                paid_at=order.paid_at,
            )
            row.delivered_at = timezone.now()
            row.attempts += 1
            row.save(update_fields=["delivered_at", "attempts", "updated_at"])
            return True
    except NotFound:
        raise
    except Exception as exc:
        logger.exception("payments.delivery_failed outbox=%s", outbox_id)
        SettlementOutbox.objects.filter(pk=outbox_id).update(
            last_error=f"{type(exc).__name__}: {exc}"[:200],
            updated_at=timezone.now(),
        )
        _count_attempt(outbox_id)
        return False


def _count_attempt(outbox_id: uuid.UUID | str) -> None:
    from django.db.models import F

    SettlementOutbox.objects.filter(pk=outbox_id).update(attempts=F("attempts") + 1)


def settlements_deliver_pending(*, limit: int = 1000) -> int:
    """Deliver every undelivered settlement (after a crash); returns how many."""
    ids = list(
        SettlementOutbox.objects.filter(delivered_at__isnull=True)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for outbox_id in ids if settlement_deliver(outbox_id=outbox_id))


# --- refunds (four-eyes) -------------------------------------------------------------


@transaction.atomic
def refund_request(*, actor: Any, refund_id: Any, reason: str) -> Refund:
    """An officer asks to return a flagged payment, giving a reason."""
    policies.ensure_can_manage_payments(actor)
    refund = Refund.objects.select_for_update().filter(pk=refund_id).first()
    if refund is None:
        raise NotFound(_("No such refund."))
    reason = (reason or "").strip()
    if len(reason) < 10 or len(reason) > 500:
        message = _("Give a reason of 10 to 500 characters.")
        raise BalaiError(
            message, code=ErrorCode.INVALID_REASON, field_errors={"reason": [message]}
        )
    if refund.status != RefundStatus.FLAGGED:
        raise Conflict(
            _("This refund has already been requested."),
            code=ErrorCode.REFUND_NOT_OPEN,
        )
    refund.status = RefundStatus.REQUESTED
    refund.reason = reason
    refund.requested_by = actor
    refund.save(update_fields=["status", "reason", "requested_by", "updated_at"])
    audit.record(
        actor=actor,
        action="payment.refund_request",
        target=refund,
        changes=["status", "reason"],
        purpose=refund.order.reference,
    )
    return refund


@transaction.atomic
def refund_decide(*, actor: Any, refund_id: Any, approve: bool) -> Refund:
    """A second officer approves or rejects a requested refund (never the one who
    asked: four-eyes, also a database constraint)."""
    policies.ensure_can_manage_payments(actor)
    refund = Refund.objects.select_for_update().filter(pk=refund_id).first()
    if refund is None:
        raise NotFound(_("No such refund."))
    if refund.status != RefundStatus.REQUESTED:
        raise Conflict(
            _("Only a requested refund can be decided."),
            code=ErrorCode.REFUND_NOT_OPEN,
        )
    if refund.requested_by_id == actor.pk:
        raise BalaiError(
            _("A second officer must decide a refund you requested."),
            code=ErrorCode.FOUR_EYES,
        )
    refund.status = RefundStatus.APPROVED if approve else RefundStatus.REJECTED
    refund.decided_by = actor
    refund.decided_at = timezone.now()
    refund.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit.record(
        actor=actor,
        action="payment.refund_decide",
        target=refund,
        changes=["status"],
        purpose=refund.order.reference,
    )
    return refund
