# SPDX-License-Identifier: EUPL-1.2
"""Phone numbers to E.164 with Indonesia as the default region.

08xx, +62, 62 and 0062 forms all give ``+628...``; separators are ignored; a cell with
several numbers ("0812... / 0813...") gives the first. An invalid number raises
``ValueProblem(INVALID_PHONE)``; the caller turns it into a warning.
"""

from __future__ import annotations

import re

import phonenumbers

from balai.registry.integration.importing.codes import (
    EMPTY,
    INVALID_PHONE,
    ValueProblem,
)
from balai.registry.integration.importing.normalise.names import text_of

_SEVERAL = re.compile(r"[/;,|]| atau | or ", re.IGNORECASE)
_NOT_DIGIT = re.compile(r"[^0-9+]")


def clean_phone(value: object, region: str = "ID") -> str:
    """The number in E.164 ("+6281234567890"); ValueProblem when empty or invalid."""
    text = text_of(value)
    if not text:
        raise ValueProblem(EMPTY)
    first = _SEVERAL.split(text, maxsplit=1)[0]
    digits = _NOT_DIGIT.sub("", first)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("62") and len(digits) >= 10:
        digits = "+" + digits
    elif digits.startswith("8") and 9 <= len(digits) <= 13:
        digits = "0" + digits  # a leading zero lost in a spreadsheet
    try:
        number = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        raise ValueProblem(INVALID_PHONE) from None
    if not phonenumbers.is_valid_number(number):
        raise ValueProblem(INVALID_PHONE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
