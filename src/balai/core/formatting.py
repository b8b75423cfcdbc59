# SPDX-License-Identifier: EUPL-1.2
"""How pages show dates, times, numbers and coordinates: one format, per language.

Indonesian: ``7 Maret 2026``, ``7 Maret 2026, 14.30 WIB`` (PUEBI's period between hours
and minutes), ``2,5``. English: ``7 March 2026``, ``7 March 2026, 14:30 WIB``, ``2.5``.
Times are shown in the site's time zone with its abbreviation, so nobody has to guess.
Numbers are shown as entered: ``49`` stays ``49`` (never ``49.0``), no digit grouping
that could be mistaken for a decimal mark. Coordinates keep the decimal point in both
languages (as GPS apps and maps show them) and name their hemispheres, so the comma
between latitude and longitude cannot be read as a decimal comma.

Templates use these through ``{% load balai_format %}`` (``day``, ``moment``, ``month``,
``number``, ``coordinates``); machine-readable values (``<time datetime>``) keep ISO.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import dateformat, timezone
from django.utils.translation import get_language, pgettext

FORMATS = {
    "id": {
        "day": "j F Y",
        "month": "F Y",
        "moment": "j F Y, H.i T",
        "seconds": "j F Y, H.i.s T",
        "decimal": ",",
    },
    "en": {
        "day": "j F Y",
        "month": "F Y",
        "moment": "j F Y, H:i T",
        "seconds": "j F Y, H:i:s T",
        "decimal": ".",
    },
}
COORDINATE_PLACES = 5  # about one metre


def _formats() -> dict[str, str]:
    language = (get_language() or "id").split("-")[0]
    return FORMATS.get(language, FORMATS["id"])


def _as_date(value: Any) -> dt.date | dt.datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        text = value.strip()
        try:
            parsed: dt.date | dt.datetime = dt.datetime.fromisoformat(text)
        except ValueError:
            return None
        if len(text) == 10:  # "2026-03-07": a day, not midnight
            return parsed.date()  # type: ignore[union-attr]
        return parsed
    if isinstance(value, dt.date):
        return value
    return None


def _local(value: dt.datetime) -> dt.datetime:
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return timezone.localtime(value)


def format_day(value: Any) -> str:
    """``7 Maret 2026`` (a date, or the local day of a date-time); "" for nothing."""
    when = _as_date(value)
    if when is None:
        return ""
    if isinstance(when, dt.datetime):
        when = _local(when)
    return dateformat.format(when, _formats()["day"])


def format_month(value: Any) -> str:
    """``Maret 2026``."""
    when = _as_date(value)
    if when is None:
        return ""
    if isinstance(when, dt.datetime):
        when = _local(when)
    return dateformat.format(when, _formats()["month"])


def format_moment(value: Any, precision: str = "") -> str:
    """``7 Maret 2026, 14.30 WIB``; ``precision="seconds"`` adds the seconds.

    A plain date is shown as a day (there is no time to show).
    """
    when = _as_date(value)
    if when is None:
        return ""
    if not isinstance(when, dt.datetime):
        return format_day(when)
    key = "seconds" if precision == "seconds" else "moment"
    return dateformat.format(_local(when), _formats()[key])


def format_number(value: Any) -> str:
    """A number as entered: ``49``, ``2,5`` (Indonesian) / ``2.5``; text unchanged."""
    if value is None or value == "" or isinstance(value, bool):
        return "" if value is None else str(value)
    if isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, int | Decimal):
        number = Decimal(value)
    else:
        text = str(value).strip()
        try:
            number = Decimal(text)
        except InvalidOperation:
            return str(value)
        if not number.is_finite():
            return str(value)
        # typed text keeps its digits ("2.50" stays 2,50); only the mark is localised
        return text.lstrip("+").replace(".", _formats()["decimal"])
    if not number.is_finite():
        return str(value)
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    text = format(number.normalize(), "f")
    return text.replace(".", _formats()["decimal"])


def format_coordinates(lat: Any, lon: Any) -> str:
    """``6.88460° LS, 107.61330° BT`` (``S``/``E`` in English); "" when incomplete."""
    try:
        latitude, longitude = float(lat), float(lon)
    except (TypeError, ValueError):
        return ""
    north = pgettext("latitude hemisphere", "N")
    south = pgettext("latitude hemisphere", "S")
    east = pgettext("longitude hemisphere", "E")
    west = pgettext("longitude hemisphere", "W")
    return "{lat:.{p}f}° {ns}, {lon:.{p}f}° {ew}".format(
        lat=abs(latitude),
        lon=abs(longitude),
        p=COORDINATE_PLACES,
        ns=south if latitude < 0 else north,
        ew=west if longitude < 0 else east,
    )
