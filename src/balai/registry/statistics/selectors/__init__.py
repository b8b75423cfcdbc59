# SPDX-License-Identifier: EUPL-1.2
"""Reads of the public statistics: aggregate counts only, suppressed before they leave.

Population figures come from the latest ``PopulationCell`` snapshot (living residents);
life events are counted live by their plain month, one per person concerned, in the
region of that person's village. Nothing here reads a name, NIK or birth date.
"""

from balai.registry.statistics.selectors.counts import (
    EventMonthlyCount,
    event_monthly_counts,
    event_months,
    event_tables,
    min_cell,
    population_snapshot_latest,
    population_tables,
    region_names,
    resident_total,
)
from balai.registry.statistics.selectors.pages import (
    BandFigure,
    EventMonth,
    ExportRow,
    PopulationExport,
    PopulationOverview,
    RegionFigure,
    population_export,
    population_overview,
)

__all__ = [
    "BandFigure",
    "EventMonth",
    "EventMonthlyCount",
    "ExportRow",
    "PopulationExport",
    "PopulationOverview",
    "RegionFigure",
    "event_monthly_counts",
    "event_months",
    "event_tables",
    "min_cell",
    "population_export",
    "population_overview",
    "population_snapshot_latest",
    "population_tables",
    "region_names",
    "resident_total",
]
