# SPDX-License-Identifier: EUPL-1.2
"""The payable protocol: how a payment settles something in a higher app.

Payments (floor 3) know no payer domain. A higher app that asks citizens to pay (an
application fee in ``cases``, a tax bill, a retribution) *registers a payable kind*: a
short upper-case code that starts every reference it hands out (``PMH`` for
``PMH-2026-000123``) and a callback run when a payment for such a reference settles.
The payments app sends :data:`payment_settled` when money arrives; the dispatcher here,
connected to that signal, finds the kind by the reference's prefix and calls its
``on_settled``. Neither side imports the other (../shared/ARCHITECTURE.md, "Floors").

A payable itself is anything with a ``reference`` and an ``amount`` (whole rupiah, a
``Decimal``); :class:`Payable` states that shape for type checkers.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.dispatch import Signal

logger = logging.getLogger(__name__)

# Sent by the payments app (and by tests) with: reference (str), amount (Decimal),
# paid_at (aware datetime). Receivers must be idempotent: a provider may confirm twice.
payment_settled = Signal()

_KIND = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
SEPARATOR = "-"


class Payable(Protocol):
    """What the payments app needs to know of something to be paid."""

    @property
    def reference(self) -> str: ...

    @property
    def amount(self) -> Decimal: ...


@dataclass(frozen=True)
class Settlement:
    """One settled payment, as handed to a kind's ``on_settled``."""

    reference: str
    amount: Decimal
    paid_at: dt.datetime


OnSettled = Callable[[Settlement], None]
_kinds: dict[str, OnSettled] = {}


def register_payable_kind(kind: str, on_settled: OnSettled) -> None:
    """Route settlements of references ``<kind>-...`` to ``on_settled``.

    Registering the same callback again is a no-op (``AppConfig.ready`` may run twice
    in tests); a second callback for a kind is a programming error.
    """
    if not _KIND.match(kind):
        raise ValueError(f"Payable kind {kind!r} must be 2-10 upper-case characters.")
    existing = _kinds.get(kind)
    if existing is not None and existing.__qualname__ != on_settled.__qualname__:
        raise RuntimeError(f"Payable kind {kind!r} is registered twice.")
    _kinds[kind] = on_settled


def payable_kinds() -> list[str]:
    """The registered kinds, for checks and the payments app's validation."""
    return sorted(_kinds)


def kind_of(reference: str) -> str | None:
    """The registered kind that ``reference`` belongs to, or None."""
    prefix, separator, _rest = (reference or "").partition(SEPARATOR)
    if not separator or prefix not in _kinds:
        return None
    return prefix


def settlement_dispatch(*, reference: str, amount: Any, paid_at: dt.datetime) -> bool:
    """Hand one settlement to its kind; False when no kind claims the reference.

    Exceptions of the callback propagate: the payments app records the settlement in
    its own transaction and must learn that the payable could not follow.
    """
    kind = kind_of(reference)
    if kind is None:
        logger.warning("payables.unknown_reference kind=%s", reference.split("-")[0])
        return False
    _kinds[kind](
        Settlement(reference=reference, amount=Decimal(str(amount)), paid_at=paid_at)
    )
    return True


def _on_payment_settled(
    sender: Any, *, reference: str, amount: Any, paid_at: dt.datetime, **kwargs: Any
) -> None:
    settlement_dispatch(reference=reference, amount=amount, paid_at=paid_at)


payment_settled.connect(_on_payment_settled, dispatch_uid="balai.core.payables")
