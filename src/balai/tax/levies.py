# SPDX-License-Identifier: EUPL-1.2
"""BPHTB and PKB (with the regency's opsen) computations, per
indonesian-local-taxes.md §4 and §5, and the rules of both read from settings
(``TAX``). Returns and bills using them: :mod:`balai.tax.services` (PKB is the
province's system; §5 says integrate: the vehicles here mirror its roll so the
regency sees its opsen per owner).

BPHTB (§4): NPOP is the transaction price (or the market value), replaced by the
PBB-P2 NJOP when unknown or lower; ``BPHTB = tariff × (NPOP − NPOPTKP)``, tariff at
most 5% (UU 1/2022 Art. 47), NPOPTKP at least Rp80,000,000 for a first acquisition
and Rp300,000,000 for inheritance or a will in a direct line (Art. 46(5)).

PKB (§5): ``PKB = NJKB × weighting coefficient × rate`` (first vehicle at most 1.2%,
further vehicles progressive up to 6%); since 5 January 2025 the regency/city adds
the **opsen PKB** of 66% of the PKB due, so a bill has two lines.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.conf import settings

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


PKB_MAX_RATE = Decimal(10)  # the ceiling levies.pkb accepts (Jakarta's progressive top)


def as_json(value: Bphtb | Pkb) -> dict[str, Any]:
    return {key: str(item) for key, item in asdict(value).items()}


@dataclass(frozen=True)
class BphtbRules:
    rate_percent: Decimal
    npoptkp: Decimal
    npoptkp_family: Decimal


def bphtb_rules() -> BphtbRules:
    """The configured BPHTB rules; ValueError when they break UU 1/2022."""
    config = settings.TAX
    try:
        rules = BphtbRules(
            Decimal(str(config["bphtb_rate_percent"])),
            Decimal(str(config["bphtb_npoptkp"])),
            Decimal(str(config["bphtb_npoptkp_family"])),
        )
    except InvalidOperation as exc:
        raise ValueError("The BPHTB settings are not numbers.") from exc
    if not Decimal(0) < rules.rate_percent <= BPHTB_MAX_RATE:
        raise ValueError("The BPHTB rate is above 0% and at most 5% (UU 1/2022).")
    if rules.npoptkp < NPOPTKP_FIRST or rules.npoptkp_family < NPOPTKP_INHERITANCE:
        raise ValueError(
            "NPOPTKP is at least Rp80,000,000 (Rp300,000,000 in a direct family "
            "line) under UU 1/2022 Art. 46(5)."
        )
    return rules


def pkb_rates() -> tuple[Decimal, ...]:
    """The province's PKB rates by the owner's vehicle number (the last applies to
    every further vehicle); ValueError when not ascending within (0, 10%]."""
    try:
        rates = tuple(
            Decimal(part.strip()) for part in str(settings.TAX["pkb_rates"]).split(",")
        )
    except InvalidOperation as exc:
        raise ValueError("The PKB rates are not numbers.") from exc
    if not rates or any(not Decimal(0) < r <= PKB_MAX_RATE for r in rates):
        raise ValueError("Each PKB rate is above 0% and at most 10%.")
    if list(rates) != sorted(rates):
        raise ValueError("PKB rates rise with the owner's vehicle number.")
    return rates


def pkb_rate_for(order: int, rates: tuple[Decimal, ...]) -> Decimal:
    """The rate of an owner's ``order``-th vehicle (1 = first)."""
    return rates[min(max(order, 1), len(rates)) - 1]
