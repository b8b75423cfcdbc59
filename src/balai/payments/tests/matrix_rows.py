# SPDX-License-Identifier: EUPL-1.2
"""Access-matrix rows of payments (see security's test_policy_matrix).

The simulator's hosted page is open to whoever holds the order's (unguessable) link,
as a bank's payment page is. The webhook is authenticated by the provider's
signature, not by a user: its signature faults are tested in ``test_webhooks``;
the row here asks for a provider that does not exist, which is 404 for everyone.
"""

from __future__ import annotations

from typing import Any

from balai.security.tests.matrix_support import EVERYONE, row


def _order(w: dict[str, Any]) -> Any:
    if "payment_order" not in w:
        from balai.payments.tests import support

        w["payment_order"] = support.order(25000)
    return w["payment_order"]


def _refund(w: dict[str, Any]) -> Any:
    if "payment_refund" not in w:
        from django.utils import timezone

        from balai.payments import services
        from balai.payments.backends.base import Notification
        from balai.payments.constants import NotificationStatus
        from balai.payments.models import Refund
        from balai.payments.tests import support

        order = support.order(30000)
        for tx in ("M-1", "M-2"):
            services.notification_apply(
                provider="simulator",
                event=Notification(
                    event_id=tx,
                    order_key=str(order.pk),
                    status=NotificationStatus.SETTLED,
                    amount=order.amount,
                    transaction_id=tx,
                    occurred_at=timezone.now(),
                ),
            )
        w["payment_refund"] = Refund.objects.get(order=order)
    return w["payment_refund"]


# revenue staff: officers of Bapenda (none in the matrix) and finance officers
REVENUE = {"finance_officer"}

ROWS = {
    "payments:officer": row(REVENUE),
    "payments:refund-request": row(
        REVENUE,
        method="POST",
        kwargs=lambda w: {"refund_id": _refund(w).pk},
        data={"reason": "Dibayar dua kali melalui VA."},
    ),
    "payments:refund-decide": row(
        REVENUE,
        method="POST",
        kwargs=lambda w: {"refund_id": _refund(w).pk},
        data={"decision": "reject"},
    ),
    "payments:simulator-pay": row(
        EVERYONE, kwargs=lambda w: {"order_id": _order(w).pk}
    ),
    "payments-api:webhook-receive": row(
        set(), method="POST", kwargs=lambda w: {"provider": "nobank"}
    ),
}
