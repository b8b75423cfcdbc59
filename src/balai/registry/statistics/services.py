# SPDX-License-Identifier: EUPL-1.2
"""Rebuilding the aggregate population table from the register (run by cron)."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from balai.registry.models import Resident
from balai.registry.statistics.constants import (
    CODE_LENGTHS,
    age_band_of,
    age_on,
)
from balai.registry.statistics.models import PopulationCell
from balai.security import audit

logger = logging.getLogger(__name__)

CHUNK_SIZE = 2000
BATCH_SIZE = 1000
REBUILD_PURPOSE = "aggregate population statistics (counts only are kept)"

CellKey = tuple[str, str, int, str]  # village code, sex, age band, status


@dataclass(frozen=True)
class RebuildResult:
    snapshot: dt.date
    residents: int  # rows read
    counted: int  # residents placed in a cell
    skipped: int  # born after the snapshot date or without a birth date
    cells: int  # PopulationCell rows written


def population_stats_rebuild(
    *,
    as_of: dt.date | None = None,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int], object] | None = None,
) -> RebuildResult:
    """Replace the snapshot of ``as_of`` (default today) with fresh counts.

    Streams the residents (``chunk_size`` rows at a time, memory independent of the
    register's size), decrypts each birth date in Python to place the person in an
    age band on ``as_of``, and writes one row per village, sex, band and status in
    bulk, in one transaction with an audit entry; readers see the old snapshot or the
    new one, never half. Status and village are as recorded now, also for a past
    ``as_of``. ``progress`` is called with the number of residents read so far, per
    chunk.
    """
    day = as_of or timezone.localdate()
    counts: Counter[CellKey] = Counter()
    read = skipped = 0
    for village, sex, status, birth_date in _residents(chunk_size):
        read += 1
        if birth_date is None or birth_date > day:
            skipped += 1
        else:
            counts[
                (village or "", sex, age_band_of(age_on(birth_date, day)), status)
            ] += 1
        if progress is not None and read % chunk_size == 0:
            progress(chunk_size)
    if progress is not None and read % chunk_size:
        progress(read % chunk_size)
    with transaction.atomic():
        PopulationCell.objects.filter(snapshot=day).delete()
        PopulationCell.objects.bulk_create(_cells(day, counts), batch_size=BATCH_SIZE)
        audit.record(
            actor=None,
            action="population_stats.rebuild",
            object_type="registry.PopulationCell",
            object_id=day.isoformat(),
            purpose=REBUILD_PURPOSE,
        )
    logger.info(
        "registry.population_stats_rebuilt snapshot=%s residents=%s cells=%s",
        day,
        read,
        len(counts),
    )
    return RebuildResult(day, read, read - skipped, skipped, len(counts))


def _residents(
    chunk_size: int,
) -> Iterator[tuple[str | None, str, str, dt.date | None]]:
    """(village code, sex, status, decrypted birth date) of every resident, streamed."""
    rows = (
        Resident.objects.order_by()
        .values_list("village_id", "sex", "status", "birth_date")
        .iterator(chunk_size=chunk_size)
    )
    yield from rows


def _cells(day: dt.date, counts: Counter[CellKey]) -> list[PopulationCell]:
    return [
        PopulationCell(
            snapshot=day,
            province_code=village[: CODE_LENGTHS[1]],
            regency_code=village[: CODE_LENGTHS[2]],
            district_code=village[: CODE_LENGTHS[3]],
            village_code=village,
            sex=sex,
            age_band=band,
            status=status,
            count=count,
        )
        for (village, sex, band, status), count in sorted(counts.items())
    ]


@transaction.atomic
def population_stats_prune(*, keep: int) -> int:
    """Delete all but the ``keep`` latest snapshots (at least one is kept); returns
    the number of rows deleted."""
    dates = (
        PopulationCell.objects.order_by("-snapshot")
        .values_list("snapshot", flat=True)
        .distinct()
    )
    kept = list(dates[: max(keep, 1)])
    if not kept:
        return 0
    deleted, _by_model = PopulationCell.objects.filter(snapshot__lt=kept[-1]).delete()
    return deleted
