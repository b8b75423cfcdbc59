# SPDX-License-Identifier: EUPL-1.2
"""One way to show dates, numbers and coordinates on pages, in each language."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.utils import translation

import pytest

from balai.core import formatting

UTC = dt.UTC
# 07:30 UTC is 14:30 in Jakarta (WIB)
MOMENT = dt.datetime(2026, 3, 7, 7, 30, 5, tzinfo=UTC)
SRC = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("language", "day", "moment", "seconds", "month"),
    [
        (
            "id",
            "7 Maret 2026",
            "7 Maret 2026, 14.30 WIB",
            "7 Maret 2026, 14.30.05 WIB",
            "Maret 2026",
        ),
        (
            "en",
            "7 March 2026",
            "7 March 2026, 14:30 WIB",
            "7 March 2026, 14:30:05 WIB",
            "March 2026",
        ),
    ],
)
def test_dates_in_one_format_per_language(language, day, moment, seconds, month):
    with translation.override(language):
        assert formatting.format_day(MOMENT) == day
        assert formatting.format_day(dt.date(2026, 3, 7)) == day
        assert formatting.format_day("2026-03-07") == day
        assert formatting.format_moment(MOMENT) == moment
        assert formatting.format_moment(MOMENT, "seconds") == seconds
        assert formatting.format_moment(MOMENT.isoformat()) == moment
        assert formatting.format_month(dt.date(2026, 3, 1)) == month


def test_local_day_is_the_jakarta_day():
    late = dt.datetime(2026, 3, 7, 20, 0, tzinfo=UTC)  # 03:00 on the 8th in Jakarta
    with translation.override("id"):
        assert formatting.format_day(late) == "8 Maret 2026"
        other_zone = late.astimezone(ZoneInfo("America/New_York"))
        assert formatting.format_moment(other_zone) == "8 Maret 2026, 03.00 WIB"


def test_nothing_and_nonsense_show_nothing():
    assert formatting.format_day(None) == ""
    assert formatting.format_moment("") == ""
    assert formatting.format_day("kemarin") == ""
    with translation.override("id"):
        assert formatting.format_moment(dt.date(2026, 3, 7)) == "7 Maret 2026"


@pytest.mark.parametrize(
    ("value", "indonesian", "english"),
    [
        (49.0, "49", "49"),
        (49, "49", "49"),
        (Decimal("49.00"), "49", "49"),
        (2.5, "2,5", "2.5"),
        (0.1 + 0.2, "0,30000000000000004", "0.30000000000000004"),
        ("49", "49", "49"),
        ("2.50", "2,50", "2.50"),
        ("+3", "3", "3"),
        (1234567, "1234567", "1234567"),
        ("dua", "dua", "dua"),
        (None, "", ""),
        (True, "True", "True"),
    ],
)
def test_numbers_as_entered(value, indonesian, english):
    with translation.override("id"):
        assert formatting.format_number(value) == indonesian
    with translation.override("en"):
        assert formatting.format_number(value) == english


def test_coordinates_name_their_hemispheres():
    with translation.override("id"):
        assert (
            formatting.format_coordinates(-6.8846, 107.6133)
            == "6.88460° LS, 107.61330° BT"
        )
        assert formatting.format_coordinates(1.5, -0.25) == "1.50000° LU, 0.25000° BB"
    with translation.override("en"):
        assert (
            formatting.format_coordinates(-6.8846, 107.6133)
            == "6.88460° S, 107.61330° E"
        )
    assert formatting.format_coordinates(None, 107.6) == ""


def test_template_filters():
    template = Template(
        "{% load balai_format %}{{ at|moment }} | {{ at|day }} | {{ n|number }} | "
        "{% coordinates lat lon %}"
    )
    with translation.override("id"):
        html = template.render(
            Context({"at": MOMENT, "n": 49.0, "lat": -6.9, "lon": 107.6})
        )
    assert html == (
        "7 Maret 2026, 14.30 WIB | 7 Maret 2026 | 49 | 6.90000° LS, 107.60000° BT"
    )


# Machine-readable dates (the datetime attribute of <time>) keep an ISO format.
MACHINE = re.compile(r"""datetime="\{\{[^}]*\|date:['"](c|Y-m-d|Y-m)['"]\s*\}\}\"""")
DATE_FILTER = re.compile(r"\|\s*(date|time)\b")
COORDINATE_FLOAT = re.compile(r"\.(lat|lon)\|floatformat")


def test_pages_use_the_shared_formats():
    """Every template shows dates and coordinates through balai_format."""
    offenders = []
    for path in sorted(SRC.rglob("templates/**/*.html")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            rest = MACHINE.sub("", line)
            if DATE_FILTER.search(rest) or COORDINATE_FLOAT.search(rest):
                offenders.append(f"{path.relative_to(SRC)}:{number}")
    assert not offenders, offenders
