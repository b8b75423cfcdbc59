# SPDX-License-Identifier: EUPL-1.2
"""The payable protocol: kinds by reference prefix, the settled-payment event."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

import pytest

from balai.core import payables


@pytest.fixture
def kind():
    """A throwaway kind ``UJI`` that records what it receives."""
    received: list[payables.Settlement] = []

    def on_settled(settlement: payables.Settlement) -> None:
        received.append(settlement)

    payables.register_payable_kind("UJI", on_settled)
    yield received
    payables._kinds.pop("UJI", None)


def test_a_settlement_reaches_the_kind_named_by_the_prefix(kind, db):
    # db: other apps listen to the same signal (finance books revenue from it)
    paid_at = timezone.now()
    payables.payment_settled.send(
        sender="payments", reference="UJI-2026-7", amount="15000", paid_at=paid_at
    )
    assert kind == [
        payables.Settlement(
            reference="UJI-2026-7", amount=Decimal(15000), paid_at=paid_at
        )
    ]


def test_unknown_references_are_left_alone(kind):
    assert not payables.settlement_dispatch(
        reference="XYZ-1", amount=1, paid_at=timezone.now()
    )
    assert not payables.settlement_dispatch(
        reference="UJI", amount=1, paid_at=timezone.now()
    )
    assert kind == []


def test_a_kind_has_one_receiver(kind):
    def other(settlement: payables.Settlement) -> None:
        return None

    with pytest.raises(RuntimeError):
        payables.register_payable_kind("UJI", other)
    with pytest.raises(ValueError, match="upper-case"):
        payables.register_payable_kind("uji", other)


def test_cases_registers_application_fees():
    assert "PMH" in payables.payable_kinds()
    assert payables.kind_of("PMH-2026-000001") == "PMH"
