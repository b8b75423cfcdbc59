# SPDX-License-Identifier: EUPL-1.2
"""Midtrans Core API HTTP notifications (bank-transfer VA and QRIS charges).

Midtrans signs each notification with ``signature_key`` = SHA-512 hex of
``order_id + status_code + gross_amount + server_key`` (docs.midtrans.com,
"Verifying Notification Authenticity"). Status mapping per the notification docs:
``settlement`` (and ``capture`` with ``fraud_status`` accept) settles; ``pending`` is
waiting; ``expire`` expired; ``deny``, ``cancel`` and ``failure`` failed. A
notification carries no send time, so staleness cannot be judged from it; replays
are harmless because the event id (transaction id + status) is the idempotency key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Mapping

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from balai.payments.backends.base import (
    MalformedNotification,
    Notification,
    Provider,
    SignatureInvalid,
    whole_rupiah,
)
from balai.payments.constants import NotificationStatus

STATUS = {
    "settlement": NotificationStatus.SETTLED,
    "capture": NotificationStatus.SETTLED,
    "pending": NotificationStatus.PENDING,
    "expire": NotificationStatus.EXPIRED,
    "deny": NotificationStatus.FAILED,
    "cancel": NotificationStatus.FAILED,
    "failure": NotificationStatus.FAILED,
}
JAKARTA = dt.timezone(dt.timedelta(hours=7))


def signature_key(
    order_id: str, status_code: str, gross_amount: str, server_key: str
) -> str:
    text = f"{order_id}{status_code}{gross_amount}{server_key}"
    return hashlib.sha512(text.encode()).hexdigest()


class MidtransProvider(Provider):
    name = "midtrans"

    def parse(
        self, headers: Mapping[str, str], body: bytes, *, now: dt.datetime
    ) -> list[Notification]:
        try:
            data = json.loads(body)
            order_id = str(data["order_id"])
            status_code = str(data["status_code"])
            gross_amount = str(data["gross_amount"])
            given = str(data["signature_key"])
        except (ValueError, KeyError, TypeError) as exc:
            raise SignatureInvalid("not a signed Midtrans notification") from exc
        server_key = str(settings.PAYMENTS["midtrans_server_key"])
        expected = signature_key(order_id, status_code, gross_amount, server_key)
        if not server_key or not hmac.compare_digest(expected, given.lower()):
            raise SignatureInvalid("signature_key does not match")
        status_name = str(data.get("transaction_status", ""))
        if status_name not in STATUS:
            raise MalformedNotification("unknown transaction_status")
        status = STATUS[status_name]
        if status_name == "capture" and data.get("fraud_status") != "accept":
            status = NotificationStatus.PENDING
        occurred = _jakarta_time(
            str(data.get("settlement_time") or data.get("transaction_time") or "")
        )
        transaction_id = str(data.get("transaction_id", ""))[:100]
        if not transaction_id:
            raise MalformedNotification("transaction_id missing")
        return [
            Notification(
                event_id=f"{transaction_id}:{status_name}",
                order_key=order_id[:60],
                status=status,
                amount=whole_rupiah(gross_amount),
                transaction_id=transaction_id,
                occurred_at=occurred or now,
            )
        ]


def _jakarta_time(text: str) -> dt.datetime | None:
    """Midtrans times are "YYYY-MM-DD HH:MM:SS" in Jakarta time (GMT+7)."""
    moment = parse_datetime(text) if text else None
    if moment is None:
        return None
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=JAKARTA)
