# SPDX-License-Identifier: EUPL-1.2
"""Filters for message templates, whose context has been through JSON.

``user_notify`` contexts hold text, numbers and ISO dates only; a template turns a
date back into one with ``{{ due|as_date|date:"j F Y" }}`` so that it is written out
in the recipient's language when the task renders it.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def as_date(value: object) -> dt.date | dt.datetime | str:
    """``"2026-11-25"`` → a date; ``"2026-11-25T10:00:00+07:00"`` → a local datetime;
    anything else is returned as it is."""
    if isinstance(value, dt.date):
        return value
    text = str(value or "")
    try:
        if "T" in text:
            moment = dt.datetime.fromisoformat(text)
            return timezone.localtime(moment) if timezone.is_aware(moment) else moment
        return dt.date.fromisoformat(text)
    except ValueError:
        return text
