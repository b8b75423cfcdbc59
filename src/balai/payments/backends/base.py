# SPDX-License-Identifier: EUPL-1.2
"""What every payment provider offers Balai.

A provider turns its webhook (headers and raw body) into :class:`Notification` values
after verifying the signature; Balai's services do the rest (idempotency, settlement,
refunds), the same for every provider.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from balai.payments.constants import NotificationStatus


class SignatureInvalid(Exception):
    """The notification is not signed by the provider (forged or corrupted)."""


class SignatureStale(Exception):
    """The signature is genuine but too old (a replay)."""


class MalformedNotification(Exception):
    """Signed, but not a notification Balai understands."""


@dataclass(frozen=True)
class Notification:
    event_id: str  # the provider's idempotency key for this event
    order_key: str  # Balai's order id as the provider echoes it
    status: NotificationStatus
    amount: Decimal
    transaction_id: str  # one payment (several events may share it)
    occurred_at: dt.datetime


class Provider:
    name = ""

    def parse(
        self, headers: Mapping[str, str], body: bytes, *, now: dt.datetime
    ) -> list[Notification]:
        """Verify and parse one webhook request; raise the exceptions above."""
        raise NotImplementedError

    def pay_url(self, order: Any) -> str:
        """Where the payer is sent to pay ``order`` (a hosted page), or ''."""
        return ""


def whole_rupiah(value: Any) -> Decimal:
    """A provider's amount as whole rupiah ("150000.00" -> 150000)."""
    try:
        amount = Decimal(str(value))
    except ArithmeticError as exc:
        raise MalformedNotification("amount is not a number") from exc
    if not amount.is_finite() or amount != amount.to_integral_value() or amount < 0:
        raise MalformedNotification("amount is not whole rupiah")
    return amount.quantize(Decimal(1))
