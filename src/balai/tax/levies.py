# SPDX-License-Identifier: EUPL-1.2
"""BPHTB and PKB (with the regency's opsen) computations, per
indonesian-local-taxes.md §4 and §5. Calculators only: Balai keeps no BPHTB
returns or vehicles yet (PKB is the province's system; §5 says integrate, not
reimplement).

BPHTB (§4): NPOP is the transaction price (or the market value), replaced by the
PBB-P2 NJOP when unknown or lower; ``BPHTB = tariff × (NPOP − NPOPTKP)``, tariff at
most 5% (UU 1/2022 Art. 47), NPOPTKP at least Rp80,000,000 for a first acquisition
and Rp300,000,000 for inheritance or a will in a direct line (Art. 46(5)).

PKB (§5): ``PKB = NJKB × weighting coefficient × rate`` (first vehicle at most 1.2%,
further vehicles progressive up to 6%); since 5 January 2025 the regency/city adds
the **opsen PKB** of 66% of the PKB due, so a bill has two lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

BPHTB_MAX_RATE = Decimal(5)
NPOPTKP_FIRST = Decimal(80_000_000)
NPOPTKP_INHERITANCE = Decimal(300_000_000)
OPSEN_PERCENT = Decimal(66)


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), ROUND_HALF_UP)


@dataclass(frozen=True)
class Bphtb:
    npop: Decimal
    npoptkp: Decimal
    base: Decimal
    rate_percent: Decimal
    due: Decimal


def bphtb(
    *,
    price: Decimal,
    njop: Decimal,
    rate_percent: Decimal = BPHTB_MAX_RATE,
    npoptkp: Decimal = NPOPTKP_FIRST,
) -> Bphtb:
    if not Decimal(0) < rate_percent <= BPHTB_MAX_RATE:
        raise ValueError("The BPHTB rate is above 0% and at most 5% (UU 1/2022).")
    if price < 0 or njop < 0 or npoptkp < 0:
        raise ValueError("Values cannot be negative.")
    npop = max(price, njop)
    base = max(npop - npoptkp, Decimal(0))
    return Bphtb(npop, npoptkp, base, rate_percent, _round(base * rate_percent / 100))


@dataclass(frozen=True)
class Pkb:
    base: Decimal
    rate_percent: Decimal
    pkb: Decimal  # the province's line
    opsen: Decimal  # the regency/city's line
    total: Decimal


def pkb(
    *, njkb: Decimal, weight: Decimal, rate_percent: Decimal, opsen: bool = True
) -> Pkb:
    if njkb < 0 or weight <= 0 or not Decimal(0) < rate_percent <= Decimal(10):
        raise ValueError("NJKB, weight and rate (at most 10%) must be valid.")
    base = njkb * weight
    tax = _round(base * rate_percent / 100)
    surcharge = _round(tax * OPSEN_PERCENT / 100) if opsen else Decimal(0)
    return Pkb(base, rate_percent, tax, surcharge, tax + surcharge)
