# SPDX-License-Identifier: EUPL-1.2
"""Identity numbers (NIK, KK) as digits, and sex codes, from messy cells.

``clean_number`` only extracts the digits and spots spreadsheet damage; the structural
rules are the regions app's ``parse_nik``/``parse_kk_number`` (applied in ``rows``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from balai.registry.integration.importing.codes import (
    EMPTY,
    INVALID_SEX,
    MANGLED_NUMBER,
    ValueProblem,
)
from balai.registry.integration.importing.normalise.names import text_of

_SCIENTIFIC = re.compile(r"^\d+([.,]\d+)?e\+?\d+$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s.\-']")

SEX_VALUES: dict[str, str] = {
    "l": "M",
    "lk": "M",
    "laki": "M",
    "laki-laki": "M",
    "laki laki": "M",
    "lakilaki": "M",
    "pria": "M",
    "m": "M",
    "male": "M",
    "1": "M",
    "p": "F",
    "pr": "F",
    "perempuan": "F",
    "wanita": "F",
    "w": "F",
    "f": "F",
    "female": "F",
    "2": "F",
}


def clean_number(value: object) -> str:
    """The digits of an identity number; ValueProblem when empty or mangled.

    "3273 0157 0890 0003", "3273.0157.0890.0003" and a leading apostrophe (Excel's
    text marker) all give the 16 digits. "3.27302E+15" lost its digits in a
    spreadsheet: ``MANGLED_NUMBER``. Anything else is returned as the stripped text
    for ``parse_nik`` to judge.
    """
    text = text_of(value)
    if not text:
        raise ValueProblem(EMPTY)
    if _SCIENTIFIC.match(text):
        raise ValueProblem(MANGLED_NUMBER)
    return _SEPARATORS.sub("", text)


def clean_sex(value: object, values: Mapping[str, str] | None = None) -> str:
    """ "M" or "F" from the mapping's values first, then the usual Indonesian codes."""
    text = text_of(value).lower()
    if not text:
        raise ValueProblem(EMPTY)
    for table in (values or {}, SEX_VALUES):
        found = table.get(text)
        if found:
            return found
    raise ValueProblem(INVALID_SEX)
