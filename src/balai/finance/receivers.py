# SPDX-License-Identifier: EUPL-1.2
"""Revenue arrives from settled payments: ``core.payables.payment_settled``.

Finance listens to the signal itself (not through a payable kind: the kinds belong to
the apps that ask citizens to pay) and books each settlement once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from balai.core.payables import payment_settled


def on_payment_settled(
    sender: Any, *, reference: str, amount: Any, paid_at: dt.datetime, **kwargs: Any
) -> None:
    from balai.finance.services.journal import revenue_from_settlement

    revenue_from_settlement(reference=reference, amount=amount, paid_at=paid_at)


def connect() -> None:
    payment_settled.connect(on_payment_settled, dispatch_uid="balai.finance.revenue")
