# SPDX-License-Identifier: EUPL-1.2
"""Service times (SLA): THE notion every app uses.

A service time is a number of **working days** (counted by :mod:`balai.core.workdays`:
Monday–Friday without national holidays and cuti bersama) — the unit of Indonesian
public-service standards (PermenPAN-RB 15/2014) — or, where a matter cannot wait for
office days (a flood, a fallen tree), a number of **clock hours**. A working-day time
ends at the close of its last working day, in ``TIME_ZONE``; an hourly time runs
through nights and holidays.

Every app derives its due date with :meth:`ServiceTime.due` (or :func:`due_date` for a
date) and judges it with :func:`sla_state`: *overdue* once the due moment has passed,
*due soon* when it falls before the end of the next working day, else *on time*.
Alerts are raised by one management command per app (``balai <app>_sla``), idempotent,
run hourly by the host's scheduler.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from balai.core.workdays import add_working_days


class SlaState(models.TextChoices):
    ON_TIME = "on_time", _("On time")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


def end_of_day(day: dt.date) -> dt.datetime:
    """The last moment of ``day`` in the site's time zone (aware)."""
    last = dt.datetime.combine(day, dt.time.max)
    return timezone.make_aware(last, timezone.get_default_timezone())


def due_date(start: dt.date, working_days: int) -> dt.date:
    """The day a service time of ``working_days`` ends (``start`` never counts)."""
    return add_working_days(start, working_days)


@dataclass(frozen=True)
class ServiceTime:
    """Either ``working_days`` or ``hours`` (exactly one above zero)."""

    working_days: int = 0
    hours: int = 0

    def __post_init__(self) -> None:
        if (self.working_days > 0) == (self.hours > 0):
            raise ValueError("a service time is working days or hours, not both")

    def due(self, start: dt.datetime) -> dt.datetime:
        """When the time runs out for something received at ``start`` (aware)."""
        if self.hours:
            return start + dt.timedelta(hours=self.hours)
        local = timezone.localdate(start)
        return end_of_day(due_date(local, self.working_days))

    def __str__(self) -> str:
        if self.hours:
            return ngettext("%(n)d hour", "%(n)d hours", self.hours) % {"n": self.hours}
        return ngettext(
            "%(n)d working day", "%(n)d working days", self.working_days
        ) % {"n": self.working_days}


def sla_state(
    due: dt.date | dt.datetime | None, *, now: dt.datetime | None = None
) -> str:
    """On time, due soon (before the end of the next working day) or overdue."""
    if due is None:
        return SlaState.ON_TIME
    now = now or timezone.now()
    today = timezone.localdate(now)
    deadline = due if isinstance(due, dt.datetime) else end_of_day(due)
    if deadline < now:
        return SlaState.OVERDUE
    if deadline <= end_of_day(add_working_days(today, 1)):
        return SlaState.DUE_SOON
    return SlaState.ON_TIME
