# SPDX-License-Identifier: EUPL-1.2
"""Phone numbers: THE normaliser (on Google's ``phonenumbers``), Indonesia by default.

:func:`normalise_phone` gives the canonical E.164 form (``+6281234567890``) of a
number however it was written — ``0812-3456-7890``, ``62 812…``, ``+62 812…``,
``0062 812…``, or ``812…`` with its leading zero lost in a spreadsheet; separators are
ignored, a cell holding several numbers ("0812… / 0813…") gives the first, and text
with letters is no number. It is
what blind indexes, logins, lockouts and security digests are keyed on, so it accepts
every *possible* number (right length for its country) and never changes a canonical
form once stored. Whether a number is a *real* one is a separate question:
:func:`is_valid_phone` (any line, for the register) and :func:`is_mobile_phone` (a
mobile that can receive SMS, for accounts).
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import PhoneNumber, PhoneNumberType

DEFAULT_REGION = "ID"
MIN_NATIONAL_DIGITS = 7
_SEVERAL = re.compile(r"[/;,|]| atau | or ", re.IGNORECASE)
_NOT_DIGIT = re.compile(r"[^0-9+]")
_LETTER = re.compile(r"[^\W\d_]")
_MOBILE_TYPES = frozenset(
    {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
)


def _parse(value: object, region: str) -> PhoneNumber | None:
    text = str(value or "").strip()
    if not text:
        return None
    first = _SEVERAL.split(text, maxsplit=1)[0]
    if _LETTER.search(first):
        return None  # "budi81234567890" is a username, not a number
    digits = _NOT_DIGIT.sub("", first)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("62") and len(digits) >= 10:
        digits = "+" + digits
    elif digits.startswith("8") and 9 <= len(digits) <= 13:
        digits = "0" + digits  # a leading zero lost in a spreadsheet
    if not digits or "+" in digits[1:]:
        return None
    try:
        number = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return None
    if len(str(number.national_number)) < MIN_NATIONAL_DIGITS:
        return None  # extensions, short codes, a PIN: not a number to reach anyone
    return number if phonenumbers.is_possible_number(number) else None


def normalise_phone(value: object, region: str = DEFAULT_REGION) -> str | None:
    """The canonical E.164 form of ``value``, or None when it is no possible number."""
    number = _parse(value, region)
    if number is None:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_valid_phone(value: object, region: str = DEFAULT_REGION) -> bool:
    """A number that exists in its country's numbering plan (any kind of line)."""
    number = _parse(value, region)
    return number is not None and phonenumbers.is_valid_number(number)


def is_mobile_phone(value: object, region: str = DEFAULT_REGION) -> bool:
    """A valid mobile number (one that can receive an SMS or WhatsApp message)."""
    number = _parse(value, region)
    return (
        number is not None
        and phonenumbers.is_valid_number(number)
        and phonenumbers.number_type(number) in _MOBILE_TYPES
    )
