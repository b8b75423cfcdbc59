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


ROWS = {
    "payments:simulator-pay": row(
        EVERYONE, kwargs=lambda w: {"order_id": _order(w).pk}
    ),
    "payments-api:webhook-receive": row(
        set(), method="POST", kwargs=lambda w: {"provider": "nobank"}
    ),
}
