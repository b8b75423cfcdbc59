# SPDX-License-Identifier: EUPL-1.2
"""Signals the payments app emits.

``payment_settled`` (reference, amount, paid_at) is the kernel's signal
(``balai.core.payables``), so payables and other listeners (finance) subscribe
without importing payments. It is sent exactly once per settled order, from
:func:`balai.payments.services.settlement_deliver`.
"""

from balai.core.payables import payment_settled

__all__ = ["payment_settled"]
