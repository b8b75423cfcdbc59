# SPDX-License-Identifier: EUPL-1.2
"""Structural rules for NIK and family card (KK) numbers (spec §1.1 and §1.2).

Pure functions apart from the optional district lookup (``check_region``). Neither
number carries a check digit, so these rules only catch gross typos; authoritative
verification needs Dukcapil. Error messages never contain the number itself (it is
personal data).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError
from balai.regions import constants

_SEPARATORS = re.compile(r"[\s.\-]")
_DIGITS16 = re.compile(r"^[0-9]{16}$")
_ASCII_DIGITS = re.compile(r"^[0-9]*$")


class IdentityNumberError(BalaiError):
    """A NIK or KK number breaks a structural rule; ``code`` says which."""

    code = constants.INVALID_CHARACTERS

    def __init__(self, message: str, code: str, **extra: object) -> None:
        super().__init__(message, code=code, **extra)


class NikError(IdentityNumberError):
    """The value is not a structurally valid NIK."""


class KkNumberError(IdentityNumberError):
    """The value is not a structurally valid family card (KK) number."""


@dataclass(frozen=True)
class ParsedNik:
    """What a NIK encodes; ``warnings`` lists codes that do not invalidate it."""

    nik: str
    district_code: str
    sex: str
    birth_day: int
    birth_month: int
    birth_year_2digit: int
    birth_date_hint: dt.date
    serial: int
    warnings: list[str] = field(default_factory=list)
    # The district as coded today: differs from district_code for retired prefixes,
    # None when the prefix is unknown or the region check was skipped.
    current_district_code: str | None = None


@dataclass(frozen=True)
class ParsedKk:
    """What a family card number encodes; ``warnings`` as for ParsedNik."""

    number: str
    district_code: str
    issue_date: dt.date
    serial: int
    warnings: list[str] = field(default_factory=list)
    current_district_code: str | None = None


def _digits(value: str, error: type[IdentityNumberError]) -> str:
    digits = _SEPARATORS.sub("", value or "")
    if not _ASCII_DIGITS.match(digits):
        raise error(
            _("The number may contain only digits."), constants.INVALID_CHARACTERS
        )
    if not _DIGITS16.match(digits):
        raise error(
            _("The number must have exactly 16 digits, not %(count)d.")
            % {"count": len(digits)},
            constants.INVALID_LENGTH,
        )
    return digits


def _district_code(digits: str, error: type[IdentityNumberError]) -> str:
    """Dotted PP.KK.CC after the plausibility checks on each part."""
    province, regency, district = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    if not 11 <= province <= 96 or province % 10 == 0:
        raise error(
            _("The first two digits are not a province code."),
            constants.INVALID_REGION_CODE,
        )
    if regency in {0, 70}:
        raise error(
            _("Digits 3 and 4 are not a regency or city code."),
            constants.INVALID_REGION_CODE,
        )
    if district == 0:
        raise error(
            _("Digits 5 and 6 are not a district code."), constants.INVALID_REGION_CODE
        )
    return f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}"


def _region_warnings(district_code: str) -> tuple[list[str], str | None]:
    from balai.regions.selectors import district_for_nik_prefix

    district, retired = district_for_nik_prefix(district_code)
    if retired is not None:
        return [constants.RETIRED_REGION_CODE], retired.new_region_id
    if district is None:
        return [constants.UNKNOWN_REGION_CODE], None
    return [], district.code


def _serial(digits: str, error: type[IdentityNumberError]) -> int:
    serial = int(digits[12:16])
    if serial == 0:
        raise error(
            _("The serial number 0000 is never issued."), constants.INVALID_SERIAL
        )
    return serial


def _leap_in_either_century(year2: int) -> bool:
    return calendar.isleap(1900 + year2) or calendar.isleap(2000 + year2)


def _century_hint(day: int, month: int, year2: int, today: dt.date) -> dt.date:
    """20yy when yy ≤ today's yy and the date is not after today, else 19yy.

    Only a hint: very old and very young people collide. ``dates`` is never empty since
    the caller has checked that the day exists in at least one century.
    """
    candidates = [2000 + year2, 1900 + year2]
    if year2 > today.year % 100:
        candidates.reverse()
    dates: list[dt.date] = []
    for year in candidates:
        try:
            dates.append(dt.date(year, month, day))
        except ValueError:  # 29 February in the non-leap century
            continue
    for date in dates:
        if date <= today or date.year < 2000:
            return date
    return dates[0]


def parse_nik(
    value: str, *, today: dt.date | None = None, check_region: bool = True
) -> ParsedNik:
    """Check a NIK's structure and decode it; raises NikError with a stable code.

    Separators (spaces, dots, dashes) are stripped. An unknown district prefix and a
    retired one (kode_lama) are warnings, not errors. ``check_region=False`` skips the
    one or two database queries.
    """
    today = today or timezone.localdate()
    digits = _digits(value, NikError)
    district_code = _district_code(digits, NikError)
    raw_day, month, year2 = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    if 1 <= raw_day <= 31:
        sex, day = "M", raw_day
    elif 41 <= raw_day <= 71:
        sex, day = "F", raw_day - 40
    else:
        raise NikError(
            _("Digits 7 and 8 must be a day of birth (01–31, or 41–71 for women)."),
            constants.INVALID_BIRTH_DAY,
        )
    if not 1 <= month <= 12:
        raise NikError(
            _("Digits 9 and 10 must be a month (01–12)."), constants.INVALID_MONTH
        )
    leap_ok = _leap_in_either_century(year2)
    if day > (29 if month == 2 and leap_ok else calendar.monthrange(2001, month)[1]):
        raise NikError(
            _("The encoded birth date does not exist."), constants.INVALID_DATE
        )
    serial = _serial(digits, NikError)
    warnings, current = _region_warnings(district_code) if check_region else ([], None)
    return ParsedNik(
        nik=digits,
        district_code=district_code,
        sex=sex,
        birth_day=day,
        birth_month=month,
        birth_year_2digit=year2,
        birth_date_hint=_century_hint(day, month, year2, today),
        serial=serial,
        warnings=warnings,
        current_district_code=current,
    )


def parse_kk_number(
    value: str, today: dt.date | None = None, *, check_region: bool = True
) -> ParsedKk:
    """Check a family card number's structure and decode it; raises KkNumberError.

    Digits 7–12 are the issue date DDMMYY (no +40 rule): a real date, century inferred
    as for NIK, and not after ``today`` (``future_date``). The district prefix follows
    the NIK rules, including warnings for retired and unknown codes.
    """
    today = today or timezone.localdate()
    digits = _digits(value, KkNumberError)
    district_code = _district_code(digits, KkNumberError)
    day, month, year2 = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    year = 2000 + year2 if year2 <= today.year % 100 else 1900 + year2
    try:
        issue_date = dt.date(year, month, day)
    except ValueError:
        raise KkNumberError(
            _("Digits 7 to 12 must be a real date (DDMMYY)."), constants.INVALID_DATE
        ) from None
    if issue_date > today:
        raise KkNumberError(
            _("The issue date encoded in the number lies in the future."),
            constants.FUTURE_DATE,
        )
    serial = _serial(digits, KkNumberError)
    warnings, current = _region_warnings(district_code) if check_region else ([], None)
    return ParsedKk(
        number=digits,
        district_code=district_code,
        issue_date=issue_date,
        serial=serial,
        warnings=warnings,
        current_district_code=current,
    )


def format_nik_masked(value: str) -> str:
    """NIK or KK number for display: first and last four digits ("3174********0001")."""
    digits = _SEPARATORS.sub("", value or "")
    if len(digits) < 12:
        return "*" * len(digits)
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


_SEX_ALIASES = {
    "m": "M",
    "l": "M",
    "male": "M",
    "laki-laki": "M",
    "f": "F",
    "p": "F",
    "female": "F",
    "perempuan": "F",
}


def nik_matches(
    parsed: ParsedNik, birth_date: dt.date | None, sex: str | None
) -> list[str]:
    """Warnings where the NIK disagrees with the civil record, for staff review only.

    A corrected birth date or sex never re-issues the NIK, so a mismatch is never a
    reason to reject. ``sex`` accepts M/F as well as L/P (laki-laki/perempuan); None
    skips that comparison.
    """
    warnings: list[str] = []
    if birth_date is not None and (
        birth_date.day != parsed.birth_day
        or birth_date.month != parsed.birth_month
        or birth_date.year % 100 != parsed.birth_year_2digit
    ):
        warnings.append(constants.BIRTH_DATE_MISMATCH)
    if sex is not None:
        normalised = _SEX_ALIASES.get(sex.strip().lower())
        if normalised != parsed.sex:
            warnings.append(constants.SEX_MISMATCH)
    return warnings
