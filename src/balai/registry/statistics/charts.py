# SPDX-License-Identifier: EUPL-1.2
"""Geometry of the server-rendered SVG charts (the templates only draw it).

Coordinates are whole numbers of SVG user units, so templates print them unlocalised.
A suppressed count draws no bar, only its "<k" label: the length of a bar never hints
at a hidden figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import date_format, number_format

from balai.registry.statistics.selectors import BandFigure, EventMonth

PYRAMID_WIDTH = 640
ROW_HEIGHT = 22
BAR_HEIGHT = 16
TOP = 30
LABEL_HALF = 34  # half the width of the age-band label column in the middle
TEXT_ROOM = 48  # room left beside the longest bar for its value
EVENTS_WIDTH = 360
EVENTS_HEIGHT = 150
EVENTS_PLOT_TOP = 22
EVENTS_PLOT_BOTTOM = 122


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    text: str
    text_x: int
    hidden: bool


@dataclass(frozen=True)
class PyramidRow:
    label: str
    label_y: int  # the baseline of every text in the row
    male: Bar
    female: Bar


@dataclass(frozen=True)
class PyramidChart:
    width: int
    height: int
    center: int
    header_y: int
    male_x: int
    female_x: int
    rows: list[PyramidRow]


@dataclass(frozen=True)
class MonthLabel:
    x: int
    text: str


@dataclass(frozen=True)
class EventChart:
    kind: str
    title: str
    width: int
    height: int
    baseline: int  # bars stand on it; their value text sits 4 units above them
    bars: list[Bar]
    labels: list[MonthLabel]
    label_y: int


def _label(value: int | None, k: int, x: int) -> tuple[str, int, bool]:
    """A bar's value text (or "<k" when suppressed), its x and whether it is hidden."""
    if value is None:
        return f"<{k}", x, True
    return number_format(value, force_grouping=True), x, False


def pyramid_chart(bands: Sequence[BandFigure], k: int) -> PyramidChart:
    """Bars for men to the left and women to the right, oldest band on top."""
    center = PYRAMID_WIDTH // 2
    half = center - LABEL_HALF - TEXT_ROOM
    shown = [v for band in bands for v in (band.male, band.female) if v]
    top_value = max(shown, default=1)
    rows = []
    for index, band in enumerate(reversed(bands)):
        y = TOP + index * ROW_HEIGHT
        text_y = y + BAR_HEIGHT - 4
        male_w = round((band.male or 0) / top_value * half)
        female_w = round((band.female or 0) / top_value * half)
        male_x = center - LABEL_HALF - male_w
        female_x = center + LABEL_HALF
        male = Bar(male_x, y, male_w, BAR_HEIGHT, *_label(band.male, k, male_x - 4))
        female = Bar(
            female_x,
            y,
            female_w,
            BAR_HEIGHT,
            *_label(band.female, k, female_x + female_w + 4),
        )
        rows.append(PyramidRow(band.label, text_y, male, female))
    return PyramidChart(
        width=PYRAMID_WIDTH,
        height=TOP + len(bands) * ROW_HEIGHT + 6,
        center=center,
        header_y=TOP - 12,
        male_x=center - LABEL_HALF - 4,
        female_x=center + LABEL_HALF + 4,
        rows=rows,
    )


def event_charts(
    kinds: Sequence[tuple[str, str]], months: Sequence[EventMonth], k: int
) -> list[EventChart]:
    """One small bar chart per event kind, months left to right, a shared scale."""
    shown = [v for month in months for v in month.counts if v]
    top_value = max(shown, default=1)
    slot = (EVENTS_WIDTH - 8) // max(len(months), 1)
    plot = EVENTS_PLOT_BOTTOM - EVENTS_PLOT_TOP
    charts = []
    for position, (kind, title) in enumerate(kinds):
        bars = []
        labels = []
        for index, month in enumerate(months):
            value = month.counts[position]
            height = round((value or 0) / top_value * plot)
            x = 4 + index * slot
            y = EVENTS_PLOT_BOTTOM - height
            text = _label(value, k, x + slot // 2)
            bars.append(Bar(x + 3, y, slot - 6, height, *text))
            labels.append(MonthLabel(x + slot // 2, date_format(month.month, "M")))
        charts.append(
            EventChart(
                kind=kind,
                title=title,
                width=EVENTS_WIDTH,
                height=EVENTS_HEIGHT,
                baseline=EVENTS_PLOT_BOTTOM,
                bars=bars,
                labels=labels,
                label_y=EVENTS_PLOT_BOTTOM + 16,
            )
        )
    return charts
