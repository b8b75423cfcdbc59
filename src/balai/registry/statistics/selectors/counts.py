# SPDX-License-Identifier: EUPL-1.2
"""Counting: aggregate rows per region and depth, wrapped in suppressed ``Tables``.

Only ``PopulationCell`` (living residents of a snapshot) and the plain kind and month of
life events are read; every count returned has passed ``suppression``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, Sum, Value
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from balai.core.replicas import replica_read
from balai.regions.selectors import region_list
from balai.registry.constants import ParticipantRole, ResidentStatus
from balai.registry.models import LifeEventParticipant, Resident
from balai.registry.statistics.constants import (
    CODE_LENGTHS,
    EVENT_KINDS,
    EVENT_MONTHS,
    LEVEL_COLUMNS,
    UNKNOWN_REGION,
    age_band_label,
    depth_of,
)
from balai.registry.statistics.models import PopulationCell
from balai.registry.statistics.suppression import Key
from balai.registry.statistics.tables import (
    Fetch,
    Tables,
    events_layout,
    month_key,
    population_layout,
)


@dataclass(frozen=True)
class EventMonthlyCount:
    """People concerned by events of a kind in a month in a region (None: hidden)."""

    kind: str
    month: dt.date
    region_code: str
    count: int | None


def min_cell() -> int:
    """The smallest count published (``settings.STATS_MIN_CELL``, at least 1)."""
    return max(int(settings.STATS_MIN_CELL), 1)


@replica_read
def population_snapshot_latest() -> dt.date | None:
    """The date of the latest rebuilt snapshot, or None before the first rebuild."""
    return PopulationCell.objects.aggregate(latest=Max("snapshot"))["latest"]


def resident_total() -> int:
    """How many residents a rebuild will read (for progress bars)."""
    return Resident.objects.count()


def population_fetch(snapshot: dt.date) -> Fetch:
    """Counts of living residents per (sex, band) of each region at a depth."""

    @replica_read
    def fetch(code: str, depth: int) -> dict[str, dict[Key, int]]:
        cells = PopulationCell.objects.filter(
            snapshot=snapshot, status=ResidentStatus.ALIVE
        )
        if code:
            cells = cells.filter(**{LEVEL_COLUMNS[depth_of(code)]: code})
        rows = (
            cells.order_by()
            .values_list(LEVEL_COLUMNS[depth], "sex", "age_band")
            .annotate(n=Sum("count"))
        )
        found: dict[str, dict[Key, int]] = {}
        for region, sex, band, n in rows:
            found.setdefault(region, {})[(sex, age_band_label(band))] = n
        return found

    return fetch


def population_tables(snapshot: dt.date, k: int | None = None) -> Tables:
    """Suppressed population rows of the snapshot, for any region."""
    return Tables(population_fetch(snapshot), population_layout(), k or min_cell())


def event_months(today: dt.date | None = None) -> list[dt.date]:
    """The first days of the last EVENT_MONTHS months, oldest first, this one last."""
    day = today or timezone.localdate()
    months = []
    year, month = day.year, day.month
    for _step in range(EVENT_MONTHS):
        months.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def events_fetch(months: Sequence[dt.date]) -> Fetch:
    """People concerned by births, deaths and moves per (kind, month) of each region."""
    start = months[0]
    end = _next_month(months[-1])

    def fetch(code: str, depth: int) -> dict[str, dict[Key, int]]:
        parts = LifeEventParticipant.objects.filter(
            role=ParticipantRole.SUBJECT,
            event__kind__in=EVENT_KINDS,
            event__event_month__gte=start,
            event__event_month__lt=end,
        )
        if code:
            parts = parts.filter(resident__village__code__startswith=code + ".")
        rows = (
            parts.order_by()
            .annotate(
                region=Coalesce(
                    Substr("resident__village_id", 1, CODE_LENGTHS[depth]),
                    Value(UNKNOWN_REGION),
                ),
            )
            .values_list("region", "event__kind", "event__event_month")
            .annotate(n=Count("pk"))
        )
        found: dict[str, dict[Key, int]] = {}
        for region, kind, month, n in rows:
            found.setdefault(region, {})[(kind, month_key(month))] = n
        return found

    return fetch


def event_tables(months: Sequence[dt.date], k: int | None = None) -> Tables:
    """Suppressed life-event rows over ``months``, for any region."""
    layout = events_layout(EVENT_KINDS, months)
    return Tables(events_fetch(months), layout, k or min_cell())


def event_monthly_counts(
    *, region_code: str = "", months: Sequence[dt.date] | None = None
) -> list[EventMonthlyCount]:
    """Births, deaths, moves in and out per month in a region, suppressed."""
    months = list(months or event_months())
    row = event_tables(months).row(region_code)
    return [
        EventMonthlyCount(kind, month, region_code, row.shown((kind, month_key(month))))
        for kind in EVENT_KINDS
        for month in months
    ]


def region_names(codes: Sequence[str], depth: int) -> dict[str, str]:
    """Names of the regions at ``depth`` with these codes (one query per 500)."""
    wanted = sorted(set(codes) - {UNKNOWN_REGION})
    names: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        regions = region_list(level=depth).filter(code__in=chunk)
        names.update(regions.values_list("code", "name"))
    return names


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
