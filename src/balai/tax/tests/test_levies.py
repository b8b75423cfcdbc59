# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from decimal import Decimal

import pytest

from balai.tax.levies import NPOPTKP_INHERITANCE, bphtb, pkb


def test_bphtb_worked_example_of_the_spec() -> None:
    # sale Rp800,000,000, NJOP Rp700,000,000: NPOP 800,000,000 − 80,000,000 × 5%
    result = bphtb(price=Decimal(800_000_000), njop=Decimal(700_000_000))
    assert result.npop == Decimal(800_000_000) and result.due == Decimal(36_000_000)


def test_bphtb_uses_njop_when_the_price_is_lower_and_inheritance_npoptkp() -> None:
    low = bphtb(price=Decimal(100_000_000), njop=Decimal(500_000_000))
    assert low.npop == Decimal(500_000_000) and low.due == Decimal(21_000_000)
    heir = bphtb(
        price=Decimal(0), njop=Decimal(250_000_000), npoptkp=NPOPTKP_INHERITANCE
    )
    assert heir.due == 0


def test_bphtb_rate_ceiling() -> None:
    with pytest.raises(ValueError, match="5%"):
        bphtb(price=Decimal(1), njop=Decimal(1), rate_percent=Decimal(6))


def test_pkb_with_the_66_percent_opsen() -> None:
    # NJKB 200,000,000 × weight 1.05 × 1.2% = 2,520,000; opsen 66% = 1,663,200
    result = pkb(
        njkb=Decimal(200_000_000), weight=Decimal("1.05"), rate_percent=Decimal("1.2")
    )
    assert result.pkb == Decimal(2_520_000)
    assert result.opsen == Decimal(1_663_200)
    assert result.total == Decimal(4_183_200)
    before_2025 = pkb(
        njkb=Decimal(200_000_000),
        weight=Decimal("1.05"),
        rate_percent=Decimal("1.2"),
        opsen=False,
    )
    assert before_2025.total == Decimal(2_520_000)
