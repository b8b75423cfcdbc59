# SPDX-License-Identifier: EUPL-1.2
"""What the public statistics pages and open-data files show, already suppressed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from balai.core.errors import BalaiError, NotFound
from balai.regions.models import Region
from balai.regions.selectors import region_path
from balai.registry.statistics.constants import (
    AGE_BANDS,
    EVENT_KINDS,
    EXPORT_LEVELS,
    SEXES,
    TOTAL,
    UNKNOWN_REGION,
    age_band_label,
    depth_of,
)
from balai.registry.statistics.selectors.counts import (
    event_months,
    event_tables,
    min_cell,
    population_snapshot_latest,
    population_tables,
    region_names,
)
from balai.registry.statistics.suppression import Row
from balai.registry.statistics.tables import month_key

INVALID_LEVEL = "invalid_level"
UNKNOWN_REGION_CODE = "unknown_region"


@dataclass(frozen=True)
class BandFigure:
    label: str
    male: int | None
    female: int | None


@dataclass(frozen=True)
class RegionFigure:
    code: str
    name: str
    male: int | None
    female: int | None
    total: int | None
    drillable: bool


@dataclass(frozen=True)
class EventMonth:
    month: dt.date
    counts: tuple[int | None, ...]  # in EVENT_KINDS order


@dataclass(frozen=True)
class PopulationOverview:
    """One region's page: its pyramid, its sub-regions and its monthly events."""

    path: list[Region]
    snapshot: dt.date | None
    min_cell: int
    male: int | None = None
    female: int | None = None
    total: int | None = None
    bands: list[BandFigure] = field(default_factory=list)
    children: list[RegionFigure] = field(default_factory=list)
    months: list[EventMonth] = field(default_factory=list)
    event_totals: tuple[int | None, ...] = ()

    @property
    def region(self) -> Region | None:
        return self.path[-1] if self.path else None

    @property
    def region_code(self) -> str:
        return self.path[-1].code if self.path else ""


@dataclass(frozen=True)
class ExportRow:
    region_code: str
    region_name: str
    sex: str
    age_band: str
    count: int | None

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class PopulationExport:
    """Open data: living residents per region, sex and age band (and totals)."""

    snapshot: dt.date | None
    region_code: str
    region_name: str
    level: str
    min_cell: int
    rows: list[ExportRow]


def _path(region_code: str) -> list[Region]:
    if not region_code:
        return []
    path = region_path(region_code)
    if not path:
        raise NotFound(
            _("There is no region with this code."), code=UNKNOWN_REGION_CODE
        )
    return path


def population_overview(*, region_code: str = "") -> PopulationOverview:
    """Suppressed figures of a region ("" for the whole register) for its page;
    raises NotFound for an unknown code. A bounded number of queries."""
    path = _path(region_code)
    code = path[-1].code if path else ""
    snapshot = population_snapshot_latest()
    k = min_cell()
    months, event_totals = _event_figures(code, k)
    if snapshot is None:
        return PopulationOverview(
            path, None, k, months=months, event_totals=event_totals
        )
    tables = population_tables(snapshot, k)
    row = tables.row(code)
    children = tables.children(code) if depth_of(code) < 4 else {}
    names = region_names(list(children), depth_of(code) + 1)
    male, female = SEXES
    return PopulationOverview(
        path=path,
        snapshot=snapshot,
        min_cell=k,
        male=row.shown((male, TOTAL)),
        female=row.shown((female, TOTAL)),
        total=row.shown((TOTAL, TOTAL)),
        bands=[
            BandFigure(label, row.shown((male, label)), row.shown((female, label)))
            for label in (age_band_label(lower) for lower in AGE_BANDS)
        ],
        children=[
            _region_figure(child, names.get(child, ""), children[child])
            for child in sorted(children)
        ],
        months=months,
        event_totals=event_totals,
    )


def _event_figures(
    code: str, k: int
) -> tuple[list[EventMonth], tuple[int | None, ...]]:
    """The region's monthly event counts and their totals per kind, suppressed."""
    months = event_months()
    row = event_tables(months, k).row(code)
    figures = [
        EventMonth(m, tuple(row.shown((kind, month_key(m))) for kind in EVENT_KINDS))
        for m in months
    ]
    return figures, tuple(row.shown((kind, TOTAL)) for kind in EVENT_KINDS)


def _region_figure(code: str, name: str, row: Row) -> RegionFigure:
    return RegionFigure(
        code=code,
        name=name,
        male=row.shown((SEXES[0], TOTAL)),
        female=row.shown((SEXES[1], TOTAL)),
        total=row.shown((TOTAL, TOTAL)),
        drillable=code != UNKNOWN_REGION and depth_of(code) < 4,
    )


def population_export(*, region_code: str = "", level: str = "") -> PopulationExport:
    """Suppressed counts per sex and age band (with totals) of every region at
    ``level`` ("district" or "village") inside a region; NotFound for an unknown
    region, BalaiError for a level not below it. Residents without a village
    are left out. One query per level below the region, plus names."""
    path = _path(region_code)
    code = path[-1].code if path else ""
    level = level or ("district" if depth_of(code) < 3 else "village")
    depth = EXPORT_LEVELS.get(level)
    if depth is None or depth <= depth_of(code):
        raise BalaiError(
            _("Choose a level below the region: district or village."),
            code=INVALID_LEVEL,
            field_errors={"level": [_("Choose district or village.")]},
        )
    snapshot = population_snapshot_latest()
    k = min_cell()
    name = path[-1].name if path else ""
    if snapshot is None:
        return PopulationExport(None, code, name, level, k, [])
    tables = population_tables(snapshot, k)
    found = {c: r for c, r in tables.descendants(code, depth).items() if c}
    names = region_names(list(found), depth)
    rows = [
        ExportRow(
            child, names.get(child, ""), sex, band, found[child].shown((sex, band))
        )
        for child in sorted(found)
        for sex, band in tables.layout.keys  # type: ignore[misc]
    ]
    return PopulationExport(snapshot, code, name, level, k, rows)
