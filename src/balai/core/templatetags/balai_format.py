# SPDX-License-Identifier: EUPL-1.2
"""Template filters for dates, numbers and coordinates (``balai.core.formatting``).

    {% load balai_format %}
    {{ report.requested_at|moment }}         7 Maret 2026, 14.30 WIB
    {{ entry.occurred_at|moment:"seconds" }} 7 Maret 2026, 14.30.05 WIB
    {{ resident.birth_date|day }}            17 Agustus 1990
    {{ month.month|month }}                  Maret 2026
    {{ answer|number }}                      49 · 2,5
    {% coordinates report.lat report.lon %}  6.88460° LS, 107.61330° BT

Pages use these instead of ``|date:"…"`` (a test keeps it that way); ``|date:'c'``
stays for the machine-readable ``<time datetime="…">``.
"""

from __future__ import annotations

from typing import Any

from django import template

from balai.core import formatting

register = template.Library()


@register.filter
def day(value: Any) -> str:
    return formatting.format_day(value)


@register.filter
def moment(value: Any, precision: str = "") -> str:
    return formatting.format_moment(value, precision)


@register.filter
def month(value: Any) -> str:
    return formatting.format_month(value)


@register.filter
def number(value: Any) -> str:
    return formatting.format_number(value)


@register.simple_tag
def coordinates(lat: Any, lon: Any) -> str:
    return formatting.format_coordinates(lat, lon)
