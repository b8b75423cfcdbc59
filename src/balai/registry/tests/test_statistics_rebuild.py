# SPDX-License-Identifier: EUPL-1.2
"""Rebuilding the aggregate population table, its age bands and its command."""

from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command
from django.utils import timezone

import pytest

from balai.registry.constants import ResidentStatus, Sex
from balai.registry.services import death_register
from balai.registry.statistics.constants import age_band_label, age_band_of, age_on
from balai.registry.statistics.models import PopulationCell
from balai.registry.statistics.services import (
    population_stats_prune,
    population_stats_rebuild,
)
from balai.registry.tests.factories import OTHER_VILLAGE, VILLAGE, registered
from balai.security.models import AuditEntry


def _years_ago(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year - years)


def _cells(snapshot: dt.date) -> dict[tuple[str, str, int, str], int]:
    return {
        (c.village_code, c.sex, c.age_band, c.status): c.count
        for c in PopulationCell.objects.filter(snapshot=snapshot)
    }


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (dt.date(2000, 6, 15), dt.date(2005, 6, 15), 5),  # the birthday itself
        (dt.date(2000, 6, 15), dt.date(2005, 6, 14), 4),  # the day before
        (dt.date(2000, 2, 29), dt.date(2005, 2, 28), 4),  # leap day: not yet
        (dt.date(2000, 2, 29), dt.date(2005, 3, 1), 5),
        (dt.date(2000, 1, 1), dt.date(2000, 1, 1), 0),
    ],
)
def test_age_counts_completed_years(birth, day, age):
    assert age_on(birth, day) == age


@pytest.mark.parametrize(
    ("age", "band", "label"),
    [(0, 0, "0-4"), (4, 0, "0-4"), (5, 5, "5-9"), (74, 70, "70-74"), (75, 75, "75+")],
)
def test_age_bands_are_five_years_wide_and_open_at_75(age, band, label):
    assert age_band_of(age) == band
    assert age_band_label(age_band_of(age)) == label
    assert age_band_of(103) == 75


def test_rebuild_counts_known_residents(officer):
    day = timezone.localdate()
    registered(officer, full_name="Andi", birth_date=_years_ago(day, 30))
    registered(officer, full_name="Budi", birth_date=_years_ago(day, 31))
    registered(
        officer, full_name="Citra", birth_date=_years_ago(day, 8), sex=Sex.FEMALE
    )
    result = population_stats_rebuild(as_of=day)
    assert (result.residents, result.counted, result.skipped) == (3, 3, 0)
    assert _cells(day) == {
        (VILLAGE, Sex.MALE, 30, ResidentStatus.ALIVE): 2,
        (VILLAGE, Sex.FEMALE, 5, ResidentStatus.ALIVE): 1,
    }
    cell = PopulationCell.objects.get(snapshot=day, sex=Sex.MALE)
    assert (cell.province_code, cell.regency_code, cell.district_code) == (
        "32",
        "32.73",
        "32.73.01",
    )


def test_a_birthday_today_moves_the_person_up_a_band(officer):
    day = timezone.localdate()
    registered(officer, full_name="Dewi", birth_date=_years_ago(day, 5))
    registered(
        officer, full_name="Eka", birth_date=_years_ago(day, 5) + dt.timedelta(days=1)
    )
    registered(officer, full_name="Fajar", birth_date=_years_ago(day, 75))
    registered(officer, full_name="Gita", birth_date=day)  # born today: age 0
    population_stats_rebuild(as_of=day)
    cells = _cells(day)
    assert cells[(VILLAGE, Sex.MALE, 5, ResidentStatus.ALIVE)] == 1
    assert cells[(VILLAGE, Sex.MALE, 0, ResidentStatus.ALIVE)] == 2
    assert cells[(VILLAGE, Sex.MALE, 75, ResidentStatus.ALIVE)] == 1


def test_status_and_village_are_kept_apart_and_later_births_skipped(officer):
    day = timezone.localdate()
    gone = registered(officer, full_name="Hadi", birth_date=dt.date(1950, 3, 1))
    death_register(actor=officer, resident=gone, death_date=day)
    registered(officer, full_name="Indra", birth_date=dt.date(1990, 3, 1))
    result = population_stats_rebuild(as_of=dt.date(1960, 1, 1))
    assert result.skipped == 1  # Indra was not born yet on that date
    assert _cells(dt.date(1960, 1, 1)) == {
        (VILLAGE, Sex.MALE, 5, ResidentStatus.DECEASED): 1
    }
    population_stats_rebuild(as_of=day)
    assert _cells(day)[(VILLAGE, Sex.MALE, 75, ResidentStatus.DECEASED)] == 1
    assert OTHER_VILLAGE not in {key[0] for key in _cells(day)}


def test_rebuild_streams_in_chunks_replaces_the_snapshot_and_is_audited(officer):
    day = timezone.localdate()
    for index in range(5):
        registered(officer, full_name=f"Warga {index}", birth_date=dt.date(1980, 1, 1))
    seen: list[int] = []
    population_stats_rebuild(as_of=day, chunk_size=2, progress=seen.append)
    assert seen == [2, 2, 1]
    population_stats_rebuild(as_of=day)  # again: same table, no duplicates
    assert _cells(day) == {(VILLAGE, Sex.MALE, 45, ResidentStatus.ALIVE): 5}
    entry = AuditEntry.objects.filter(action="population_stats.rebuild").last()
    assert entry is not None
    assert entry.actor_id is None
    assert entry.object_id == day.isoformat()


def test_prune_keeps_the_latest_snapshots(officer):
    registered(officer)
    for day in (dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)):
        population_stats_rebuild(as_of=day)
    assert population_stats_prune(keep=2) == 1
    snapshots = set(PopulationCell.objects.values_list("snapshot", flat=True))
    assert snapshots == {dt.date(2026, 2, 1), dt.date(2026, 3, 1)}


def test_command_rebuilds_with_a_progress_bar(officer):
    registered(officer)
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "registry_stats", "rebuild", "--as-of", "2026-01-31", stdout=out, stderr=err
    )
    assert "Snapshot 2026-01-31: 1 residents counted" in out.getvalue()
    assert "residents" in err.getvalue()  # tqdm's bar
    assert PopulationCell.objects.filter(snapshot=dt.date(2026, 1, 31)).count() == 1


def test_command_refuses_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("registry_stats", "rebuild", "--as-of", "31-01-2026")
