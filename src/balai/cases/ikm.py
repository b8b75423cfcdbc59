# SPDX-License-Identifier: EUPL-1.2
"""The community satisfaction index (IKM), as PermenPAN-RB 14/2017 computes it.

For each of the nine elements the average score (NRR, 1-4) over the respondents;
the weighted average gives each element the weight 1/9 (the regulation prints it
rounded, 0.111); the index is that average × 25, on a 25-100 scale. The quality
category follows the regulation's conversion table:

| IKM (unit) | NRR | quality | performance |
|---|---|---|---|
| 25.00-64.99 | 1.00-2.5996 | D | poor (tidak baik) |
| 65.00-76.60 | 2.60-3.064 | C | fair (kurang baik) |
| 76.61-88.30 | 3.0644-3.532 | B | good (baik) |
| 88.31-100.00 | 3.5324-4.00 | A | very good (sangat baik) |
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, QuerySet
from django.utils.translation import gettext_lazy as _

from balai.cases.constants import IKM_ELEMENTS
from balai.cases.models import SatisfactionSurvey

WEIGHT = Decimal(1) / Decimal(len(IKM_ELEMENTS))
SCALE = Decimal(25)
CATEGORIES = (
    (Decimal("88.31"), "A", _("Very good")),
    (Decimal("76.61"), "B", _("Good")),
    (Decimal("65.00"), "C", _("Fair")),
    (Decimal("25.00"), "D", _("Poor")),
)


@dataclass(frozen=True)
class IkmResult:
    respondents: int
    element_averages: dict[str, Decimal]  # NRR per element
    index: Decimal  # IKM, 25-100, two decimals
    category: str  # A-D
    performance: Any  # a lazy label


def _round(value: Decimal, places: str = "0.01") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def ikm_index(averages: dict[str, Decimal]) -> Decimal:
    """IKM = Σ (NRR_i × 1/9) × 25, from the nine element averages."""
    weighted = sum(
        (Decimal(averages[name]) * WEIGHT for name, _l in IKM_ELEMENTS), Decimal(0)
    )
    return _round(weighted * SCALE)


def ikm_category(index: Decimal) -> tuple[str, Any]:
    for floor, letter, label in CATEGORIES:
        if index >= floor:
            return letter, label
    return "D", CATEGORIES[-1][2]


def ikm_result(surveys: QuerySet[SatisfactionSurvey]) -> IkmResult | None:
    """The IKM of a set of surveys (None when nobody answered)."""
    row = surveys.aggregate(
        respondents=Count("pk"),
        **{name: Avg(name) for name, _label in IKM_ELEMENTS},
    )
    if not row["respondents"]:
        return None
    return _result(row)


def _result(row: dict[str, Any]) -> IkmResult:
    averages = {
        name: _round(Decimal(str(row[name])), "0.001") for name, _l in IKM_ELEMENTS
    }
    exact = {name: Decimal(str(row[name])) for name, _l in IKM_ELEMENTS}
    index = ikm_index(exact)
    letter, label = ikm_category(index)
    return IkmResult(
        respondents=row["respondents"],
        element_averages=averages,
        index=index,
        category=letter,
        performance=label,
    )


def ikm_by(surveys: QuerySet[SatisfactionSurvey], *fields: str) -> list[dict[str, Any]]:
    """One IKM per group of ``fields`` (e.g. service and agency), largest first."""
    rows = (
        surveys.values(*fields)
        .annotate(
            respondents=Count("pk"),
            **{name: Avg(name) for name, _label in IKM_ELEMENTS},
        )
        .order_by("-respondents", *fields)
    )
    return [{**{f: row[f] for f in fields}, "result": _result(row)} for row in rows]
