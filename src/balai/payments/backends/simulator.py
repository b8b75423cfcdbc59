# SPDX-License-Identifier: EUPL-1.2
"""The built-in simulator: a hosted page where a payer "pays", and webhooks like a
real gateway's, signed with HMAC-SHA256, sent with retries, duplicates and out of order.

Signature header ``X-Balai-Signature: t=<unix time>,v1=<hex>`` where ``v1`` is
HMAC-SHA256 over ``"<t>." + body`` with ``PAYMENTS["simulator_secret"]``; a
signature older than ``PAYMENTS["signature_tolerance"]`` seconds is stale. The body
is one JSON event: ``event_id``, ``order_id``, ``status`` (pending, settled, failed,
expired), ``amount`` (whole rupiah), ``transaction_id``, ``occurred_at`` (ISO 8601).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import secrets
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from balai.payments.backends.base import (
    MalformedNotification,
    Notification,
    Provider,
    SignatureInvalid,
    SignatureStale,
    whole_rupiah,
)
from balai.payments.constants import NotificationStatus

logger = logging.getLogger(__name__)

HEADER = "X-Balai-Signature"


def _secret() -> bytes:
    return str(settings.PAYMENTS["simulator_secret"]).encode()


def sign(body: bytes, *, timestamp: int, secret: bytes | None = None) -> str:
    """The signature header value for ``body`` sent at ``timestamp``."""
    mac = hmac.new(secret or _secret(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def _header_parts(value: str) -> tuple[int, str]:
    parts = dict(item.split("=", 1) for item in value.split(",") if "=" in item)
    try:
        return int(parts["t"]), parts["v1"]
    except (KeyError, ValueError) as exc:
        raise SignatureInvalid("signature header malformed") from exc


class SimulatorProvider(Provider):
    name = "simulator"

    def parse(
        self, headers: Mapping[str, str], body: bytes, *, now: dt.datetime
    ) -> list[Notification]:
        value = headers.get(HEADER) or headers.get(HEADER.lower()) or ""
        if not value:
            raise SignatureInvalid("no signature header")
        timestamp, given = _header_parts(value)
        expected = sign(body, timestamp=timestamp).split("v1=", 1)[1]
        if not hmac.compare_digest(expected, given):
            raise SignatureInvalid("signature does not match")
        tolerance = int(str(settings.PAYMENTS["signature_tolerance"]))
        if abs(now.timestamp() - timestamp) > tolerance:
            raise SignatureStale("signature too old")
        try:
            data = json.loads(body)
            status = NotificationStatus(data["status"])
            occurred = parse_datetime(str(data["occurred_at"]))
            event = Notification(
                event_id=str(data["event_id"])[:120],
                order_key=str(data["order_id"])[:60],
                status=status,
                amount=whole_rupiah(data["amount"]),
                transaction_id=str(data["transaction_id"])[:100],
                occurred_at=occurred,  # type: ignore[arg-type]
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise MalformedNotification(str(exc)) from exc
        if occurred is None or occurred.tzinfo is None or not event.event_id:
            raise MalformedNotification("occurred_at must be an aware ISO 8601 time")
        return [event]

    def pay_url(self, order: Any) -> str:
        return reverse("payments:simulator-pay", kwargs={"order_id": order.pk})


@dataclass(frozen=True)
class Webhook:
    body: bytes
    event: dict[str, Any]


def payment_events(
    *, order_id: str, amount: Decimal, paid_at: dt.datetime
) -> list[Webhook]:
    """What a gateway sends for one payment, in the order it may arrive: the
    settlement first, then the older "pending", then the settlement again."""
    transaction_id = "SIM-" + secrets.token_hex(8)

    def event(status: str, at: dt.datetime) -> Webhook:
        data = {
            "event_id": f"{transaction_id}-{status}",
            "order_id": order_id,
            "status": status,
            "amount": str(int(amount)),
            "transaction_id": transaction_id,
            "occurred_at": at.isoformat(),
        }
        return Webhook(json.dumps(data).encode(), data)

    pending = event("pending", paid_at - dt.timedelta(seconds=2))
    settled = event("settled", paid_at)
    return [settled, pending, settled]


Deliver = Callable[[dict[str, str], bytes], int]


def http_deliver(url: str) -> Deliver:
    """Deliver by HTTP POST to ``url`` (the webhook endpoint of a running server)."""

    def deliver(headers: dict[str, str], body: bytes) -> int:
        if not url.startswith(("http://", "https://")):
            raise OSError("the simulator posts webhooks over HTTP(S) only")
        request = urllib.request.Request(  # noqa: S310  (scheme checked above)
            url, data=body, headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return int(exc.code)

    return deliver


def send(
    webhooks: list[Webhook],
    deliver: Deliver,
    *,
    now: Callable[[], dt.datetime],
    attempts: int = 3,
) -> list[int]:
    """Send each webhook, retrying on failure (no answer or a 5xx) up to
    ``attempts`` times; returns the last status of each."""
    statuses = []
    for webhook in webhooks:
        status = 0
        for _attempt in range(attempts):
            headers = {
                "Content-Type": "application/json",
                HEADER: sign(webhook.body, timestamp=int(now().timestamp())),
            }
            try:
                status = deliver(headers, webhook.body)
            except OSError:
                logger.warning("payments.simulator_delivery_failed")
                status = 0
            if 200 <= status < 500:
                break
        statuses.append(status)
    return statuses
