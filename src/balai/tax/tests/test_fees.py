# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

import pytest

from balai.core.errors import BalaiError
from balai.tax import selectors, services
from balai.tax.fees import fee_compute
from balai.tax.tests.support import NOP, tax_object

REKLAME = {
    "sign_type": "spanduk",
    "width_m": "5",
    "height_m": "1",
    "sides": 1,
    "location_class": "lingkungan",
    "start_date": "2026-03-01",
    "end_date": "2026-03-14",
}


def test_retribusi_pbg_by_area_and_function() -> None:
    fee = fee_compute(
        "retribusi-pbg", {"floor_area_m2": 250.5, "building_function": "usaha"}
    )
    # 250.5 × 0.7 × 0.005 × 5,000,000 = 4,383,750
    assert fee.amount == Decimal(4_383_750)
    assert ("function_index", "0.7") in fee.lines
    worship = fee_compute(
        "retribusi-pbg", {"floor_area_m2": 300, "building_function": "keagamaan"}
    )
    assert worship.amount == 0


def test_pajak_reklame_by_size_type_and_duration() -> None:
    fee = fee_compute("pajak-reklame", REKLAME)
    # 5 m² × Rp2,000 × 1 (neighbourhood road) × 14 days = Rp140,000 × 25% = Rp35,000
    assert fee.amount == Decimal(35_000)


def test_pajak_reklame_by_location_class() -> None:
    # the same banner on a main avenue: index 1.5 → Rp210,000 × 25% = Rp52,500
    main = fee_compute("pajak-reklame", {**REKLAME, "location_class": "protokol"})
    assert main.amount == Decimal(52_500)
    assert ("location_index", "1.5") in main.lines
    # a collector road: 1.15 → Rp161,000 × 25% = Rp40,250
    collector = fee_compute("pajak-reklame", {**REKLAME, "location_class": "kolektor"})
    assert collector.amount == Decimal(40_250)


@pytest.mark.parametrize(
    ("formula", "answers", "field"),
    [
        (
            "retribusi-pbg",
            {"floor_area_m2": 0, "building_function": "hunian"},
            "floor_area_m2",
        ),
        (
            "retribusi-pbg",
            {"floor_area_m2": 10, "building_function": "pabrik"},
            "building_function",
        ),
        ("pajak-reklame", {**REKLAME, "end_date": "2026-02-01"}, "end_date"),
        ("pajak-reklame", {**REKLAME, "start_date": "kemarin"}, "start_date"),
        ("pajak-reklame", {**REKLAME, "width_m": "-1"}, "width_m"),
        ("pajak-reklame", {**REKLAME, "location_class": "bulan"}, "location_class"),
    ],
)
def test_bad_answers_name_the_field(formula: str, answers: dict, field: str) -> None:
    with pytest.raises(BalaiError) as error:
        fee_compute(formula, answers)
    assert field in error.value.field_errors


def test_unknown_formula_is_refused() -> None:
    with pytest.raises(BalaiError):
        fee_compute("pajak-rahasia", {})


@pytest.mark.django_db
def test_pbb_fee_is_the_bill_due_today() -> None:
    year = timezone.localdate().year
    tax_object()
    services.assessment_run(year=year)
    fee = fee_compute("pbb-p2", {"nop": NOP, "tax_year": year})
    bill = selectors.bill_for_inquiry(NOP, year)
    assert fee.amount == services.bill_amount_due(bill).total
    with pytest.raises(BalaiError):
        fee_compute("pbb-p2", {"nop": NOP, "tax_year": 2001})
