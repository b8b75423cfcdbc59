# SPDX-License-Identifier: EUPL-1.2
"""Choices and error codes of the payments app."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting payment")
    PAID = "paid", _("Paid")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")


class NotificationStatus(models.TextChoices):
    """What a provider says about a payment (normalised across providers)."""

    PENDING = "pending", _("Pending")
    SETTLED = "settled", _("Settled")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


class Outcome(models.TextChoices):
    """What Balai did with one provider notification."""

    RECORDED = "recorded", _("Recorded, nothing to change")
    SETTLED = "settled", _("Settled the order")
    LATE = "late", _("Older than what is known: ignored")
    REFUND = "refund", _("Paid twice or too late: refund needed")
    REFUSED = "refused", _("Amount differs: refused")
    UNKNOWN_ORDER = "unknown_order", _("No such order")


class RefundStatus(models.TextChoices):
    FLAGGED = "flagged", _("Flagged for an officer")
    REQUESTED = "requested", _("Requested, awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Channel(models.TextChoices):
    VIRTUAL_ACCOUNT = "va", _("Virtual account")
    QRIS = "qris", _("QRIS")


class ErrorCode(StrEnum):
    INVALID_REFERENCE = "invalid_reference"
    INVALID_AMOUNT = "invalid_amount"
    INVALID_DESCRIPTION = "invalid_description"
    INVALID_EXPIRY = "invalid_expiry"
    ORDER_OPEN = "order_open"
    ORDER_NOT_PAYABLE = "order_not_payable"
    ORDER_EXPIRED = "order_expired"
    PARTIAL_PAYMENT = "partial_payment"
    UNKNOWN_PROVIDER = "unknown_provider"
    BAD_SIGNATURE = "bad_signature"
    STALE_SIGNATURE = "stale_signature"
    MALFORMED_NOTIFICATION = "malformed_notification"
    INVALID_BILLING_CODE = "invalid_billing_code"
    REFUND_NOT_OPEN = "refund_not_open"
    FOUR_EYES = "four_eyes"
    INVALID_REASON = "invalid_reason"
    INVALID_SETTLEMENT_FILE = "invalid_settlement_file"
