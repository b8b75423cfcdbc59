# SPDX-License-Identifier: EUPL-1.2
"""Indonesian working days: service times (SLA) are counted in them.

A working day is Monday to Friday, except national public holidays (the ``holidays``
package, country "ID"), the government's *cuti bersama* days where the package knows
them (its "government" category, set yearly by a joint ministerial decree (SKB 3
Menteri); ``BALAI_WORKDAYS_CUTI_BERSAMA=false`` counts them as working days), and the
dates listed in ``BALAI_EXTRA_HOLIDAYS`` (regional holidays, a decree the package does
not know yet). Lunar holidays are estimates in the package for far years.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

import holidays

SATURDAY = 5


@lru_cache(maxsize=64)
def _holidays_of_year(year: int, cuti_bersama: bool) -> frozenset[dt.date]:
    categories = ("public", "government") if cuti_bersama else ("public",)
    calendar = holidays.country_holidays("ID", years=year, categories=categories)
    return frozenset(calendar)


@lru_cache(maxsize=8)
def _parse_extra(raw: tuple[str, ...]) -> frozenset[dt.date]:
    days = set()
    for item in raw:
        try:
            days.add(dt.date.fromisoformat(item))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"BALAI_EXTRA_HOLIDAYS: {item!r} is not a date (YYYY-MM-DD)."
            ) from exc
    return frozenset(days)


def _extra_holidays() -> frozenset[dt.date]:
    return _parse_extra(tuple(getattr(settings, "EXTRA_HOLIDAYS", ())))


def holidays_in_year(year: int) -> frozenset[dt.date]:
    """The holidays of ``year``: public, cuti bersama (if counted) and extra dates."""
    cuti = bool(getattr(settings, "WORKDAYS_CUTI_BERSAMA", True))
    extra = {day for day in _extra_holidays() if day.year == year}
    return _holidays_of_year(year, cuti) | extra


def is_working_day(day: dt.date) -> bool:
    """Monday–Friday and not a holiday."""
    return day.weekday() < SATURDAY and day not in holidays_in_year(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start`` (before it when negative).

    ``start`` itself never counts, so an application received on Friday with an SLA of
    one working day is due on Monday (or later, after holidays); ``days == 0`` returns
    ``start`` unchanged.
    """
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    day = start
    while remaining:
        day += dt.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(a: dt.date, b: dt.date) -> int:
    """Working days after ``a`` up to and including ``b``; negative when b < a.

    The inverse of :func:`add_working_days`: for a working day ``b``,
    ``add_working_days(a, working_days_between(a, b)) == b``.
    """
    if b < a:
        return -working_days_between(b, a)
    count = 0
    day = a
    while day < b:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
