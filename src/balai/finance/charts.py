# SPDX-License-Identifier: EUPL-1.2
"""Charts as plain SVG numbers (the template draws them; no JavaScript, no CDN, no
inline styles), each with its figures in a table beside it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

WIDTH, HEIGHT, LEFT, BOTTOM = 600, 220, 8, 24
MONTHS = ("J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D")


def cumulative(
    monthly: list[Decimal], budget: Decimal, *, months: int = 12
) -> dict[str, Any]:
    """Cumulative realisation per month as bars against the budget line.

    ``months`` limits the bars to the months that have passed; the budget line
    (ceiling in force) is drawn across the year, and the straight even-absorption
    path from 0 to the budget is the expected curve without a cash plan.
    """
    running, totals = Decimal(0), []
    for value in monthly[:months]:
        running += value
        totals.append(running)
    peak = max([budget, *totals, Decimal(1)])
    plot = HEIGHT - BOTTOM
    step = (WIDTH - LEFT) / 12

    def y(value: Decimal) -> float:
        return round(plot - float(value / peak) * (plot - 10), 1)

    bars = [
        {
            "x": round(LEFT + index * step + 3, 1),
            "width": round(step - 6, 1),
            "y": y(total),
            "height": round(plot - y(total), 1),
            "total": total,
            "label": MONTHS[index],
            "label_x": round(LEFT + index * step + step / 2, 1),
            "percent": None if not budget else round(float(total * 100 / budget), 1),
        }
        for index, total in enumerate(totals)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "bars": bars,
        "budget_y": y(budget),
        "expected": f"{LEFT},{plot} {WIDTH},{y(budget)}",
        "label_y": HEIGHT - 6,
        "baseline": plot,
        "title": _("Realisation to date against the budget, month by month"),
    }


def meter(realised: Decimal, budget: Decimal) -> dict[str, Any]:
    """A small horizontal bar: the share of the budget realised (capped at 100%,
    flagged when above)."""
    if not budget:
        return {"width": 0, "over": realised > 0}
    share = float(realised / budget)
    return {"width": round(min(share, 1.0) * 100, 1), "over": share > 1}


def cash_curve(curve: dict[str, Any]) -> dict[str, Any]:
    """The cash plan's cumulative curve over the year against cumulative
    realisation to date (two polylines, the budget as a line)."""
    rows = curve["months"]
    budget = Decimal(curve["budget"])
    planned = [Decimal(r["planned_cumulative"]) for r in rows]
    realised = [
        Decimal(r["realised_cumulative"])
        for r in rows
        if r["realised_cumulative"] is not None
    ]
    peak = max([budget, *planned, *realised, Decimal(1)])
    plot = HEIGHT - BOTTOM
    step = (WIDTH - LEFT) / 12

    def point(index: int, value: Decimal) -> str:
        x = round(LEFT + (index + 1) * step, 1)
        y = round(plot - float(value / peak) * (plot - 10), 1)
        return f"{x},{y}"

    start = f"{LEFT},{plot}"
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "baseline": plot,
        "label_y": HEIGHT - 6,
        "budget_y": round(plot - float(budget / peak) * (plot - 10), 1),
        "planned": " ".join([start, *(point(i, v) for i, v in enumerate(planned))]),
        "realised": " ".join([start, *(point(i, v) for i, v in enumerate(realised))]),
        "has_plan": any(planned),
        "labels": [
            {"x": round(LEFT + index * step + step / 2, 1), "label": label}
            for index, label in enumerate(MONTHS)
        ],
        "rows": [
            {
                **row,
                "planned_percent": None
                if not budget
                else round(float(row["planned_cumulative"] * 100 / budget), 1),
            }
            for row in rows
        ],
        "title": _("Cash plan against realisation, cumulative over the year"),
    }
