# SPDX-License-Identifier: EUPL-1.2
"""Background entry points of the payments app."""

from __future__ import annotations

import logging

from balai.core.tasks import task

logger = logging.getLogger(__name__)


@task()
def settlement_deliver_task(outbox_id: str) -> str:
    """Hand one settlement to its payable; idempotent (a delivered row is skipped)."""
    from balai.payments.services import settlement_deliver

    return "delivered" if settlement_deliver(outbox_id=outbox_id) else "skipped"


@task()
def simulator_pay_task(order_id: str) -> list[int]:
    """The simulator's webhooks for a payment of ``order_id`` (sent with retries)."""
    from balai.payments.simulation import simulator_send_payment

    return simulator_send_payment(order_id=order_id)
