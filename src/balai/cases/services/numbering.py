# SPDX-License-Identifier: EUPL-1.2
"""Application numbers: ``PMH-<year>-<6 digits>``, gap-free per year, never reused."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from balai.cases.constants import NUMBER_DIGITS, NUMBER_PREFIX
from balai.cases.models import ApplicationCounter


@transaction.atomic
def number_allocate(year: int | None = None) -> str:
    """The next number of ``year`` (this year by default).

    The counter is bumped with one ``UPDATE ... SET last = last + 1`` and read back in
    the same transaction: the UPDATE's row lock serialises concurrent submissions on
    PostgreSQL and SQLite alike, and the unique constraint on ``Application.number``
    is the last line of defence. A rolled-back submission leaves no gap because the
    bump rolls back with it.
    """
    year = year or timezone.localdate().year
    ApplicationCounter.objects.bulk_create(
        [ApplicationCounter(year=year, last=0)], ignore_conflicts=True
    )
    ApplicationCounter.objects.filter(year=year).update(last=F("last") + 1)
    last = ApplicationCounter.objects.get(year=year).last
    return f"{NUMBER_PREFIX}-{year}-{last:0{NUMBER_DIGITS}d}"
