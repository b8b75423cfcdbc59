# SPDX-License-Identifier: EUPL-1.2
"""A payable kind for the payments tests (``TST-...``): it records each settlement it
is handed, as a real payable would record it in its own table."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from decimal import Decimal
from typing import Any

from django.utils import timezone

from balai.core.payables import Settlement, register_payable_kind
from balai.payments import services
from balai.payments.backends.simulator import HEADER, sign

KIND = "TST"
settled: list[Settlement] = []
failing: dict[str, bool] = {"on": False}


def on_test_settled(settlement: Settlement) -> None:
    if failing["on"]:
        raise RuntimeError("payable unavailable")
    settled.append(settlement)


register_payable_kind(KIND, on_test_settled)


def reference() -> str:
    return f"{KIND}-{secrets.token_hex(4).upper()}"


def order(amount: int = 150000, **kwargs: Any) -> Any:
    return services.order_create(
        reference=kwargs.pop("reference", None) or reference(),
        amount=amount,
        description="Uji pembayaran",
        **kwargs,
    )


def event(
    order: Any,
    *,
    status: str = "settled",
    amount: Decimal | int | None = None,
    transaction_id: str = "TX-1",
    event_id: str | None = None,
    at: dt.datetime | None = None,
) -> bytes:
    data = {
        "event_id": event_id or f"{transaction_id}-{status}",
        "order_id": str(order.pk),
        "status": status,
        "amount": str(int(order.amount if amount is None else amount)),
        "transaction_id": transaction_id,
        "occurred_at": (at or timezone.now()).isoformat(),
    }
    return json.dumps(data).encode()


def signed_headers(
    body: bytes, *, timestamp: int | None = None, secret: bytes | None = None
) -> dict[str, str]:
    stamp = int(timezone.now().timestamp()) if timestamp is None else timestamp
    return {
        "HTTP_" + HEADER.upper().replace("-", "_"): sign(
            body, timestamp=stamp, secret=secret
        )
    }


def post(
    client: Any, body: bytes, *, provider: str = "simulator", **headers: str
) -> Any:
    """POST a webhook and run what it queued after commit (as a real request would)."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            f"/api/v1/payments/webhooks/{provider}/",
            data=body,
            content_type="application/json",
            **headers,
        )
