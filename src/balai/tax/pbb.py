# SPDX-License-Identifier: EUPL-1.2
"""The PBB-P2 formula (UU 1/2022, indonesian-local-taxes.md §3.2) and late interest.

::

    NJOP          = land area × land value/m² + building area × building value/m²
    taxable base  = ratio% × (NJOP − NJOPTKP)          (20% ≤ ratio ≤ 100%)
    PBB-P2 due    = tariff × taxable base

The tariff is a band of the Perda, chosen on the NJOP before NJOPTKP (as in the spec's
Sidoarjo example). The amount is rounded to whole rupiah, half up, then raised to the
minimum tax of the Perda when it is lower (an object below NJOPTKP owes nothing).

Late interest (§3.4): for bills from 2024 on, 1% of the principal per month late, at
most 24 months (UU 1/2022 HKPD); bills of earlier years, 2% per month (UU 28/2009).
A started month counts as a whole month. The spec marks the article and the counting
of started months *(verify)*: both are :class:`PbbRules` fields, set per region.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings

HKPD_FROM_YEAR = 2024
MAX_RATE_PER_MILLE = Decimal(5)  # 0.5%: the UU 1/2022 ceiling
MIN_NJOPTKP = Decimal(10_000_000)


@dataclass(frozen=True)
class Band:
    limit: Decimal | None  # the band applies to NJOP up to and including this
    per_mille: Decimal


@dataclass(frozen=True)
class PbbRules:
    regulation: str
    njoptkp: Decimal
    ratio_percent: Decimal
    bands: tuple[Band, ...]
    minimum: Decimal
    due: str  # MM-DD of the tax year

    def version(self) -> str:
        bands = ",".join(f"{b.limit or ''}:{b.per_mille}" for b in self.bands)
        return (
            f"{self.regulation}; NJOPTKP {self.njoptkp}; ratio {self.ratio_percent}%; "
            f"bands {bands}; minimum {self.minimum}"
        )

    def due_date(self, year: int) -> dt.date:
        month, day = (int(part) for part in self.due.split("-"))
        return dt.date(year, month, day)


def parse_bands(text: str) -> tuple[Band, ...]:
    bands = []
    for item in text.split(","):
        limit, _sep, rate = item.strip().partition(":")
        bands.append(Band(Decimal(limit) if limit else None, Decimal(rate)))
    return tuple(bands)


def rules_from_settings() -> PbbRules:
    """The configured rules; ValueError when they break the UU 1/2022 bounds."""
    config = settings.TAX
    rules = PbbRules(
        regulation=str(config["pbb_regulation"]),
        njoptkp=Decimal(config["pbb_njoptkp"]),
        ratio_percent=Decimal(config["pbb_ratio_percent"]),
        bands=parse_bands(str(config["pbb_bands"])),
        minimum=Decimal(config["pbb_minimum"]),
        due=str(config["pbb_due"]),
    )
    validate(rules)
    return rules


def validate(rules: PbbRules) -> None:
    if rules.njoptkp < MIN_NJOPTKP:
        raise ValueError("NJOPTKP is at least Rp10,000,000 (UU 1/2022).")
    if not Decimal(20) <= rules.ratio_percent <= Decimal(100):
        raise ValueError("The assessment ratio is between 20% and 100% (UU 1/2022).")
    if not rules.bands or rules.bands[-1].limit is not None:
        raise ValueError("The last tariff band has no upper limit.")
    if any(not Decimal(0) < b.per_mille <= MAX_RATE_PER_MILLE for b in rules.bands):
        raise ValueError("A PBB-P2 tariff is above 0% and at most 0.5% (UU 1/2022).")
    rules.due_date(2024)


@dataclass(frozen=True)
class Computation:
    land_area: int
    land_value_m2: Decimal
    building_area: int
    building_value_m2: Decimal
    njop_land: Decimal
    njop_building: Decimal
    njop: Decimal
    njoptkp: Decimal
    ratio_percent: Decimal
    taxable_base: Decimal
    per_mille: Decimal
    computed: Decimal
    minimum_applied: bool
    due: Decimal

    def as_json(self) -> dict[str, Any]:
        # field by field: dataclasses.asdict deep-copies, a cost on every bill
        return {key: str(getattr(self, key)) for key in _COMPUTATION_FIELDS}


_COMPUTATION_FIELDS = tuple(Computation.__dataclass_fields__)


def compute(
    *,
    land_area: int,
    land_value_m2: Decimal,
    building_area: int,
    building_value_m2: Decimal,
    njoptkp_applies: bool,
    rules: PbbRules,
) -> Computation:
    njop_land = land_area * land_value_m2
    njop_building = building_area * building_value_m2
    njop = njop_land + njop_building
    njoptkp = min(rules.njoptkp, njop) if njoptkp_applies else Decimal(0)
    base = (njop - njoptkp) * rules.ratio_percent / 100
    band = next(b for b in rules.bands if b.limit is None or njop <= b.limit)
    computed = (base * band.per_mille / 1000).quantize(Decimal(1), ROUND_HALF_UP)
    minimum_applied = Decimal(0) < computed < rules.minimum
    due = rules.minimum if minimum_applied else computed
    return Computation(
        land_area=land_area,
        land_value_m2=land_value_m2,
        building_area=building_area,
        building_value_m2=building_value_m2,
        njop_land=njop_land,
        njop_building=njop_building,
        njop=njop,
        njoptkp=njoptkp,
        ratio_percent=rules.ratio_percent,
        taxable_base=base.quantize(Decimal(1), ROUND_HALF_UP),
        per_mille=band.per_mille,
        computed=computed,
        minimum_applied=minimum_applied,
        due=due,
    )


def months_late(due_date: dt.date, on: dt.date) -> int:
    """Months (a started month counts whole) from the due date to ``on``."""
    if on <= due_date:
        return 0
    months = (on.year - due_date.year) * 12 + (on.month - due_date.month)
    if on.day > due_date.day:
        months += 1
    return max(months, 1)


def late_interest(
    *, principal: Decimal, tax_year: int, due_date: dt.date, on: dt.date
) -> tuple[int, Decimal, Decimal]:
    """(months counted, monthly rate %, interest in whole rupiah, rounded half up)."""
    rate = Decimal(1) if tax_year >= HKPD_FROM_YEAR else Decimal(2)
    months = min(months_late(due_date, on), 24)
    interest = (principal * rate * months / 100).quantize(Decimal(1), ROUND_HALF_UP)
    return months, rate, interest
