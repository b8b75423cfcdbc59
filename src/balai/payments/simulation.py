# SPDX-License-Identifier: EUPL-1.2
"""The simulator's "bank": take a payment on the hosted page and send the webhooks.

The webhooks go through the very path a real gateway's take (signature check,
idempotency, settlement): by HTTP to ``PAYMENTS["simulator_webhook_url"]`` when set,
else straight into :func:`services.notification_receive` in this process.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from balai.core.errors import BalaiError
from balai.payments import services
from balai.payments.backends.simulator import http_deliver, payment_events, send
from balai.payments.models import PaymentOrder
from balai.payments.tasks import simulator_pay_task


def _in_process(headers: dict[str, str], body: bytes) -> int:
    try:
        services.notification_receive(provider="simulator", headers=headers, body=body)
    except BalaiError as exc:
        return exc.status
    return 200


def simulator_send_payment(*, order_id: str) -> list[int]:
    """Send the webhooks of one payment (settled, pending late, settled again)."""
    order = PaymentOrder.objects.get(pk=order_id)
    webhooks = payment_events(
        order_id=str(order.pk), amount=order.amount, paid_at=timezone.now()
    )
    url = str(settings.PAYMENTS["simulator_webhook_url"])
    deliver = http_deliver(url) if url else _in_process
    return send(webhooks, deliver, now=timezone.now)


@transaction.atomic
def simulator_pay(*, order: PaymentOrder, amount: Any) -> None:
    """Take the payer's money as a bank would (exact amount, code not expired),
    then let the simulator notify Balai."""
    services.payment_check(order, amount)
    transaction.on_commit(partial(simulator_pay_task.enqueue, str(order.pk)))
