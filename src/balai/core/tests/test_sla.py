# SPDX-License-Identifier: EUPL-1.2
"""Service times: working days through the Indonesian calendar, or clock hours."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

import pytest

from balai.core.sla import ServiceTime, SlaState, end_of_day, sla_state

JAKARTA = timezone.get_default_timezone()


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)), JAKARTA)


def test_working_days_skip_weekends_and_end_at_the_close_of_the_day():
    friday = dt.date(2026, 11, 27)
    due = ServiceTime(working_days=1).due(_at(friday, 16))
    assert due == end_of_day(dt.date(2026, 11, 30))  # Monday
    assert timezone.localtime(due).time() == dt.time.max


def test_working_days_skip_national_holidays():
    # 17 August 2026 (a Monday) is Independence Day
    friday = dt.date(2026, 8, 14)
    assert ServiceTime(working_days=1).due(_at(friday, 9)) == end_of_day(
        dt.date(2026, 8, 18)
    )


def test_hours_run_through_nights_and_holidays():
    start = _at(dt.date(2026, 8, 16), 20)
    assert ServiceTime(hours=12).due(start) == start + dt.timedelta(hours=12)


@pytest.mark.parametrize(("days", "hours"), [(0, 0), (3, 12)])
def test_a_service_time_is_one_or_the_other(days, hours):
    with pytest.raises(ValueError, match="working days or hours"):
        ServiceTime(working_days=days, hours=hours)


def test_states_for_dates_and_moments():
    wednesday = dt.date(2026, 11, 25)
    now = _at(wednesday, 10)
    assert sla_state(None, now=now) == SlaState.ON_TIME
    assert sla_state(wednesday - dt.timedelta(days=1), now=now) == SlaState.OVERDUE
    assert sla_state(wednesday, now=now) == SlaState.DUE_SOON  # until midnight
    assert sla_state(dt.date(2026, 11, 26), now=now) == SlaState.DUE_SOON
    assert sla_state(dt.date(2026, 11, 27), now=now) == SlaState.ON_TIME
    assert sla_state(now - dt.timedelta(minutes=1), now=now) == SlaState.OVERDUE
    assert sla_state(now + dt.timedelta(hours=30), now=now) == SlaState.DUE_SOON
    assert sla_state(now + dt.timedelta(days=5), now=now) == SlaState.ON_TIME
