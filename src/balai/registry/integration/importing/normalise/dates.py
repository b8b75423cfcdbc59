# SPDX-License-Identifier: EUPL-1.2
"""Dates of birth in the many forms other agencies' systems export.

Accepted: ``date``/``datetime`` cells; Excel serial numbers; ISO ``YYYY-MM-DD`` (with
or without a time); ``DD-MM-YYYY``, ``DD/MM/YYYY``, ``DD.MM.YYYY`` and the same with a
two-digit year; compact ``YYYYMMDD``; month names in Indonesian and English, full or
abbreviated ("12 Agustus 1990", "12-Agu-1990", "Aug 12, 1990"). When day and month
could both be either way round (both ≤ 12) the rules' ``day_first`` decides (default
day first, as Indonesians write). Two-digit years go to the latest century that does
not put the date in the future. Impossible dates, dates in the future and dates
before ``earliest`` raise ``ValueProblem``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from balai.registry.integration.importing.codes import (
    EMPTY,
    FUTURE_DATE,
    IMPLAUSIBLE_DATE,
    IMPOSSIBLE_DATE,
    INVALID_DATE,
    ValueProblem,
)
from balai.registry.integration.importing.normalise.names import text_of

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01 after Excel's leap bug
EXCEL_SERIALS = range(1, 2_958_466)  # up to 9999-12-31

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        ("januari", "january", "jan"),
        ("februari", "pebruari", "february", "feb", "peb"),
        ("maret", "march", "mar", "mrt"),
        ("april", "apr"),
        ("mei", "may"),
        ("juni", "june", "jun"),
        ("juli", "july", "jul"),
        ("agustus", "august", "agu", "agt", "ags", "agus", "aug"),
        ("september", "sep", "sept"),
        ("oktober", "october", "okt", "oct"),
        ("november", "nopember", "nov", "nop"),
        ("desember", "december", "des", "dec"),
    ],
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number

_TIME = re.compile(
    r"[ t]\d{1,2}[:.]\d{2}([:.]\d{2}([.,]\d+)?)?( ?[+-]\d{2}:?\d{2}|z)?$"
)
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4}|\d{2})$")
_COMPACT = re.compile(r"^\d{8}$")
_SERIAL = re.compile(r"^\d{5,7}(\.\d+)?$")  # "1990" is a year, not a serial
_DAY_MONTH_NAME = re.compile(r"^(\d{1,2})[-/. ]*([a-z]+)\.?[-/., ]*(\d{4}|\d{2})$")
_MONTH_NAME_DAY = re.compile(
    r"^([a-z]+)\.?[-/. ]*(\d{1,2})(?:st|nd|rd|th)?,? *(\d{4})$"
)


@dataclass(frozen=True)
class DateRules:
    """How to read ambiguous dates; the mapping can set each of these."""

    formats: tuple[str, ...] = ()  # strptime formats tried first
    day_first: bool = True
    today: dt.date = field(default_factory=dt.date.today)
    earliest: dt.date = dt.date(1870, 1, 1)
    excel_serials: bool = True  # bare numbers are Excel serial dates


def _year(value: str, rules: DateRules) -> int:
    year = int(value)
    if len(value) == 2:
        year += 2000
        if year > rules.today.year:
            year -= 100
    return year


def _make(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueProblem(IMPOSSIBLE_DATE) from None


def _from_excel(serial: float) -> dt.date:
    if int(serial) not in EXCEL_SERIALS:
        raise ValueProblem(INVALID_DATE)
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def _numeric(first: int, second: int, year: int, rules: DateRules) -> dt.date:
    if first > 12 and second <= 12:
        return _make(year, second, first)
    if second > 12 and first <= 12:
        return _make(year, first, second)
    if rules.day_first:
        return _make(year, second, first)
    return _make(year, first, second)


def _from_text(text: str, rules: DateRules) -> dt.date:
    for fmt in rules.formats:
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a date only
        except ValueError:
            continue
    lowered = _TIME.sub("", text.lower()).strip()
    if found := _ISO.match(lowered):
        year, month, day = (int(part) for part in found.groups())
        return _make(year, month, day)
    if found := _NUMERIC.match(lowered):
        first, second, year = found.groups()
        return _numeric(int(first), int(second), _year(year, rules), rules)
    if _COMPACT.match(lowered):
        return _compact(lowered, rules)
    if rules.excel_serials and _SERIAL.match(lowered):
        return _from_excel(float(lowered))
    if found := _DAY_MONTH_NAME.match(lowered):
        day, name, year = found.groups()
        return _named(int(day), name, _year(year, rules))
    if found := _MONTH_NAME_DAY.match(lowered):
        name, day, year = found.groups()
        return _named(int(day), name, int(year))
    raise ValueProblem(INVALID_DATE)


def _compact(text: str, rules: DateRules) -> dt.date:
    """YYYYMMDD, or DDMMYYYY when that is the only real reading."""
    year, month, day = int(text[:4]), int(text[4:6]), int(text[6:])
    if 1 <= month <= 12 and rules.earliest.year <= year:
        return _make(year, month, day)
    return _make(int(text[4:]), int(text[2:4]), int(text[:2]))


def _named(day: int, name: str, year: int) -> dt.date:
    month = MONTHS.get(name)
    if month is None:
        raise ValueProblem(INVALID_DATE)
    return _make(year, month, day)


def parse_date(value: object, rules: DateRules | None = None) -> dt.date:
    """A plausible past date from a cell; ValueProblem with the reason otherwise."""
    rules = rules or DateRules()
    if isinstance(value, dt.datetime):
        found = value.date()
    elif isinstance(value, dt.date):
        found = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        found = _from_excel(value)
    else:
        text = text_of(value)
        if not text:
            raise ValueProblem(EMPTY)
        found = _from_text(text, rules)
    if found > rules.today:
        raise ValueProblem(FUTURE_DATE)
    if found < rules.earliest:
        raise ValueProblem(IMPLAUSIBLE_DATE)
    return found
