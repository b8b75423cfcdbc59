# SPDX-License-Identifier: EUPL-1.2
"""A stacked-bar chart of sentiment over time as plain SVG numbers (rendered by the
template, no JavaScript, no inline styles, readable on a phone)."""

from __future__ import annotations

from typing import Any

WIDTH, HEIGHT, GAP = 600, 160, 2


def stacked_bars(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Bars (one per period) with negative/neutral/positive segments, scaled to the
    busiest period; each bar keeps its numbers for the accessible table."""
    if not rows:
        return {"bars": [], "width": WIDTH, "height": HEIGHT}
    peak = max(row["total"] for row in rows) or 1
    step = WIDTH / len(rows)
    bars = []
    for index, row in enumerate(rows):
        x = round(index * step + GAP / 2, 1)
        width = round(max(step - GAP, 1), 1)
        y = float(HEIGHT)
        segments = []
        for label in ("negative", "neutral", "positive"):
            height = round(HEIGHT * row[label] / peak, 1)
            y = round(y - height, 1)
            segments.append({"label": label, "y": y, "height": height})
        bars.append({"x": x, "width": width, "segments": segments, "row": row})
    return {"bars": bars, "width": WIDTH, "height": HEIGHT}
