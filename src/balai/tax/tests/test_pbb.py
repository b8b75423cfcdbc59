# SPDX-License-Identifier: EUPL-1.2
"""The PBB-P2 formula on worked examples (indonesian-local-taxes.md §3.2, §3.4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from balai.tax import pbb
from balai.tax.nop import parse_nop

SIDOARJO = pbb.PbbRules(
    regulation="Perda Kabupaten Sidoarjo 1/2024",
    njoptkp=Decimal(10_000_000),
    ratio_percent=Decimal(100),
    bands=pbb.parse_bands(
        "500000000:1.0,2000000000:1.5,5000000000:2.0,10000000000:2.5,:3.0"
    ),
    minimum=Decimal(10_000),
    due="08-31",
)


def _compute(land: int, land_m2: int, building: int = 0, building_m2: int = 0, **kw):
    return pbb.compute(
        land_area=land,
        land_value_m2=Decimal(land_m2),
        building_area=building,
        building_value_m2=Decimal(building_m2),
        njoptkp_applies=kw.pop("njoptkp_applies", True),
        rules=kw.pop("rules", SIDOARJO),
    )


def test_the_spec_worked_example_is_810000() -> None:
    c = _compute(200, 2_000_000, 100, 1_500_000)
    assert c.njop_land == Decimal(400_000_000)
    assert c.njop_building == Decimal(150_000_000)
    assert c.njop == Decimal(550_000_000)
    assert c.taxable_base == Decimal(540_000_000)
    assert c.per_mille == Decimal("1.5")  # band chosen on NJOP: above Rp500 million
    assert c.due == Decimal(810_000)


def test_rounding_is_half_up_to_whole_rupiah() -> None:
    # 77 m² × 1,234,567 = 95,061,659; − 10,000,000 = 85,061,659 × 0.1% = 85,061.659
    assert _compute(77, 1_234_567).due == Decimal(85_062)
    # 85,061,500 − ... = 75,061,500 × 0.1% = 75,061.5 -> 75,062 (half up)
    assert _compute(1, 85_061_500).due == Decimal(75_062)


def test_assessment_ratio_applies_before_the_tariff() -> None:
    rules = pbb.PbbRules(**{**SIDOARJO.__dict__, "ratio_percent": Decimal(40)})
    # 540,000,000 × 40% = 216,000,000 × 0.15% = 324,000
    assert _compute(200, 2_000_000, 100, 1_500_000, rules=rules).due == Decimal(324_000)


def test_minimum_tax_and_objects_below_njoptkp() -> None:
    small = _compute(10, 1_050_000)  # 500,000 × 0.1% = 500 -> the minimum
    assert small.computed == Decimal(500) and small.minimum_applied
    assert small.due == Decimal(10_000)
    below = _compute(10, 900_000)  # NJOP 9,000,000 < NJOPTKP
    assert below.njoptkp == Decimal(9_000_000) and below.due == Decimal(0)


def test_njoptkp_only_on_the_flagged_object() -> None:
    c = _compute(200, 2_000_000, 100, 1_500_000, njoptkp_applies=False)
    assert c.njoptkp == 0 and c.due == Decimal(825_000)  # 550,000,000 × 0.15%


def test_higher_bands() -> None:
    assert _compute(1000, 3_000_000).per_mille == Decimal("2.0")  # 3 billion
    assert _compute(1000, 20_000_000).per_mille == Decimal("3.0")  # 20 billion


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("njoptkp", Decimal(9_999_999)),
        ("ratio_percent", Decimal(19)),
        ("ratio_percent", Decimal(101)),
        ("bands", pbb.parse_bands(":6.0")),
        ("bands", pbb.parse_bands("1000:1.0")),
    ],
)
def test_rules_outside_uu_1_2022_are_refused(field: str, value: object) -> None:
    rules = pbb.PbbRules(**{**SIDOARJO.__dict__, field: value})
    with pytest.raises(ValueError, match=r"UU 1/2022|no upper limit"):
        pbb.validate(rules)


def test_late_interest_is_1_percent_a_month_at_most_24_from_2024() -> None:
    due = dt.date(2026, 8, 31)
    principal = Decimal(810_000)

    def interest(on: dt.date, year: int = 2026) -> tuple[int, Decimal, Decimal]:
        return pbb.late_interest(
            principal=principal, tax_year=year, due_date=due, on=on
        )

    assert interest(dt.date(2026, 8, 31)) == (0, Decimal(1), Decimal(0))
    assert interest(dt.date(2026, 9, 1)) == (1, Decimal(1), Decimal(8_100))
    assert interest(dt.date(2026, 10, 1)) == (2, Decimal(1), Decimal(16_200))
    assert interest(dt.date(2030, 1, 1))[0] == 24
    assert interest(dt.date(2030, 1, 1))[2] == Decimal(194_400)
    # a bill of 2023 falls under UU 28/2009: 2% a month
    assert interest(dt.date(2026, 9, 1), year=2023) == (1, Decimal(2), Decimal(16_200))


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("35.15.010.001.001-0001.0", True),
        ("351501000100100010", True),
        ("35 15 010 001 001 0001 0", True),
        ("35.15.010.001.001-0001", False),  # 17 digits
        ("35.15.010.001.001-0001.00", False),  # 19 digits
        ("00.15.010.001.001-0001.0", False),
        ("35.15.010.001.000-0001.0", False),
        ("35.15.010.001.001-0000.0", False),
        ("35.15.010.001.00A-0001.0", False),
        ("", False),
    ],
)
def test_nop_validation(text: str, valid: bool) -> None:
    nop = parse_nop(text)
    assert (nop is not None) is valid
    if nop is not None:
        assert nop.formatted() == "35.15.010.001.001-0001.0"
