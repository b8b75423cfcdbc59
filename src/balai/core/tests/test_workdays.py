# SPDX-License-Identifier: EUPL-1.2
"""Indonesian working days: weekends, public holidays, cuti bersama and extra dates."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ImproperlyConfigured

import pytest

from balai.core.workdays import (
    add_working_days,
    is_working_day,
    working_days_between,
)

D = dt.date


def test_weekends_do_not_count():
    friday = D(2025, 10, 10)
    assert add_working_days(friday, 1) == D(2025, 10, 13)  # Monday
    assert add_working_days(friday, 5) == D(2025, 10, 17)
    assert add_working_days(D(2025, 10, 11), 1) == D(2025, 10, 13)  # from a Saturday


def test_zero_days_is_the_start_itself():
    assert add_working_days(D(2025, 10, 11), 0) == D(2025, 10, 11)


def test_public_holidays_do_not_count():
    # 17 August 2026 (Independence Day) is a Monday
    assert not is_working_day(D(2026, 8, 17))
    assert add_working_days(D(2026, 8, 14), 1) == D(2026, 8, 18)
    # Christmas 2025 is a Thursday, 26 December is cuti bersama
    assert add_working_days(D(2025, 12, 24), 1) == D(2025, 12, 29)


def test_eid_al_fitr_and_its_cuti_bersama_2025():
    # 31 March and 1 April 2025 are Idul Fitri; 2, 3, 4 and 7 April cuti bersama
    assert add_working_days(D(2025, 3, 27), 1) == D(2025, 4, 8)


def test_cuti_bersama_can_count_as_working_days(settings):
    settings.WORKDAYS_CUTI_BERSAMA = False
    assert is_working_day(D(2025, 12, 26))
    assert add_working_days(D(2025, 12, 24), 1) == D(2025, 12, 26)


def test_extra_holidays_from_settings(settings):
    settings.EXTRA_HOLIDAYS = ["2025-10-13"]
    assert not is_working_day(D(2025, 10, 13))
    assert add_working_days(D(2025, 10, 10), 1) == D(2025, 10, 14)


def test_a_bad_extra_holiday_is_a_configuration_error(settings):
    settings.EXTRA_HOLIDAYS = ["13-10-2025"]
    with pytest.raises(ImproperlyConfigured):
        is_working_day(D(2025, 10, 13))


def test_working_days_between_counts_days_after_start_up_to_end():
    assert working_days_between(D(2025, 10, 10), D(2025, 10, 13)) == 1
    assert working_days_between(D(2025, 10, 10), D(2025, 10, 10)) == 0
    assert working_days_between(D(2025, 10, 13), D(2025, 10, 10)) == -1
    assert working_days_between(D(2025, 3, 27), D(2025, 4, 8)) == 1


def test_negative_days_go_back():
    assert add_working_days(D(2025, 10, 13), -1) == D(2025, 10, 10)


@pytest.mark.parametrize("days", [1, 3, 5, 14, 28])
def test_between_is_the_inverse_of_add(days):
    start = D(2025, 12, 20)
    due = add_working_days(start, days)
    assert working_days_between(start, due) == days
