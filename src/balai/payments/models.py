# SPDX-License-Identifier: EUPL-1.2
"""Payment orders, provider notifications, the settlement outbox and refunds.

An order is what a payer is asked to pay for one payable ``reference``: an exact
amount in whole rupiah, billing codes (virtual account, QRIS) and an expiry. At most
one order per reference is open or paid at a time (a partial unique constraint), so a
bill cannot be paid through two live orders.

Every notification a provider sends is stored once, keyed by (provider, event id):
a repeated webhook meets the unique constraint and changes nothing. Settling an
order writes a :class:`SettlementOutbox` row in the same transaction; the row is
delivered to the payable (``payment_settled``) by a task, and stays undelivered until
that succeeds, so a crash between the two loses nothing and doubles nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel
from balai.payments.constants import (
    NotificationStatus,
    OrderStatus,
    Outcome,
    RefundStatus,
)
from balai.security.crypto.fields import EncryptedCharField


class PaymentOrder(BaseModel):
    reference = models.CharField(_("payable reference"), max_length=40, db_index=True)
    amount = models.DecimalField(_("amount (Rp)"), max_digits=14, decimal_places=0)
    description = models.CharField(_("description"), max_length=200)
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("payer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The name printed on the receipt: personal data, ciphertext.
    payer_name = EncryptedCharField(_("payer's name"), max_length=200, blank=True)
    provider = models.CharField(_("provider"), max_length=30)
    serial = models.PositiveBigIntegerField(_("serial"), unique=True)
    va_number = models.CharField(_("virtual account"), max_length=20, unique=True)
    qris_payload = models.TextField(_("QRIS payload"))
    expires_at = models.DateTimeField(_("expires at"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OrderStatus.choices,
        default=OrderStatus.PENDING,
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    paid_amount = models.DecimalField(
        _("amount paid"), null=True, blank=True, max_digits=14, decimal_places=0
    )
    provider_reference = models.CharField(
        _("provider's transaction id"), max_length=100, blank=True
    )

    class Meta:
        verbose_name = _("payment order")
        verbose_name_plural = _("payment orders")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="payments_order_amount_positive"
            ),
            models.UniqueConstraint(
                fields=["reference"],
                condition=models.Q(status__in=["pending", "paid"]),
                name="payments_one_live_order_per_reference",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="paid") | models.Q(paid_at__isnull=False),
                name="payments_paid_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} Rp{self.amount}"


class PaymentNotification(BaseModel):
    """One provider event, stored once (its id is the idempotency key)."""

    provider = models.CharField(_("provider"), max_length=30)
    event_id = models.CharField(_("provider's event id"), max_length=120)
    order = models.ForeignKey(
        PaymentOrder,
        verbose_name=_("order"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notifications",
    )
    order_key = models.CharField(_("order key sent"), max_length=60)
    status = models.CharField(
        _("reported status"), max_length=10, choices=NotificationStatus.choices
    )
    amount = models.DecimalField(_("amount (Rp)"), max_digits=14, decimal_places=0)
    transaction_id = models.CharField(_("provider's transaction id"), max_length=100)
    occurred_at = models.DateTimeField(_("occurred at"))
    outcome = models.CharField(_("outcome"), max_length=15, choices=Outcome.choices)

    class Meta:
        verbose_name = _("payment notification")
        verbose_name_plural = _("payment notifications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "event_id"], name="payments_notification_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.event_id}"


class SettlementOutbox(BaseModel):
    """A settlement to hand to its payable; delivered exactly once."""

    order = models.OneToOneField(
        PaymentOrder,
        verbose_name=_("order"),
        on_delete=models.PROTECT,
        related_name="outbox",
    )
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("settlement to deliver")
        verbose_name_plural = _("settlements to deliver")
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(delivered_at__isnull=True),
                name="payments_outbox_undelivered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.order_id} delivered={self.delivered_at is not None}"


class Refund(BaseModel):
    """Money to give back: a second or late payment (flagged by the system) or an
    officer's request; approved by a second officer (four-eyes)."""

    order = models.ForeignKey(
        PaymentOrder,
        verbose_name=_("order"),
        on_delete=models.PROTECT,
        related_name="refunds",
    )
    notification = models.OneToOneField(
        PaymentNotification,
        verbose_name=_("payment to return"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="refund",
    )
    amount = models.DecimalField(_("amount (Rp)"), max_digits=14, decimal_places=0)
    reason = models.CharField(_("reason"), max_length=500)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RefundStatus.choices,
        default=RefundStatus.FLAGGED,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="payments_refund_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(decided_by__isnull=True)
                | ~models.Q(decided_by=models.F("requested_by")),
                name="payments_refund_four_eyes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} Rp{self.amount} {self.status}"
