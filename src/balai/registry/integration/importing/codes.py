# SPDX-License-Identifier: EUPL-1.2
"""Stable codes and translatable messages of the import's findings.

Every finding on a row is stored as ``{"field", "code"}`` (and ``detail``): ``code``
is stable snake_case for programs and reports; its message, for people, is translated
when the finding is shown (``shown_message``, in the reader's language). Messages
never contain the value itself, since values are personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from balai.regions import constants as regions_constants

ROW = "row"  # the field name of findings about the whole row

# --- errors and warnings of single values -------------------------------------------
EMPTY = "empty"
REQUIRED = "required"
MISSING_COLUMN = "missing_column"
INVALID_NAME = "invalid_name"
TOO_LONG = "too_long"
INVALID_DATE = "invalid_date"
IMPOSSIBLE_DATE = "impossible_date"
FUTURE_DATE = "future_date"
IMPLAUSIBLE_DATE = "implausible_date"
INVALID_PHONE = "invalid_phone"
INVALID_SEX = "invalid_sex"
INVALID_RT_RW = "invalid_rt_rw"
INVALID_NIK = "invalid_nik"
INVALID_KK = "invalid_kk_number"
MANGLED_NUMBER = "mangled_number"
# the regions app's own warning codes, reported as they are
RETIRED_REGION_CODE = regions_constants.RETIRED_REGION_CODE
UNKNOWN_REGION_CODE = regions_constants.UNKNOWN_REGION_CODE
BIRTH_DATE_MISMATCH = regions_constants.BIRTH_DATE_MISMATCH
SEX_MISMATCH = regions_constants.SEX_MISMATCH
UNKNOWN_VILLAGE = "unknown_village"
AMBIGUOUS_VILLAGE = "ambiguous_village"
TRUNCATED = "truncated"
EXTRA_CELLS = "extra_cells"
# --- whole-row errors ----------------------------------------------------------------
NO_BIRTH_DATE_OR_NIK = "no_birth_date_or_nik"
MALFORMED_LINE = "malformed_line"
UNREADABLE_ROW = "unreadable_row"

MESSAGES: dict[str, Any] = {
    EMPTY: _("The value is empty."),
    REQUIRED: _("This field is required by the mapping but the row has no value."),
    MISSING_COLUMN: _("The row lacks a column the mapping requires."),
    INVALID_NAME: _("A name must contain letters."),
    TOO_LONG: _("The value is longer than the register allows."),
    INVALID_DATE: _("The date could not be read in any known format."),
    IMPOSSIBLE_DATE: _("The date does not exist in the calendar."),
    FUTURE_DATE: _("A date of birth cannot lie in the future."),
    IMPLAUSIBLE_DATE: _("The date of birth is implausibly long ago."),
    INVALID_PHONE: _("Not a valid phone number; the phone number was left out."),
    INVALID_SEX: _("The sex could not be read; expected values such as L/P or M/F."),
    INVALID_RT_RW: _("RT and RW must be numbers from 1 to 999; left out."),
    INVALID_NIK: _("The NIK is not structurally valid; it was left out."),
    INVALID_KK: _("The family card number is not structurally valid; left out."),
    MANGLED_NUMBER: _(
        "The number was mangled by a spreadsheet (scientific notation); left out."
    ),
    RETIRED_REGION_CODE: _("The number carries a retired district code."),
    UNKNOWN_REGION_CODE: _("The number's district code is not in the regions table."),
    BIRTH_DATE_MISMATCH: _("The NIK does not agree with the date of birth."),
    SEX_MISMATCH: _("The NIK does not agree with the sex."),
    UNKNOWN_VILLAGE: _("The village is not in the regions table; left out."),
    AMBIGUOUS_VILLAGE: _("Several villages have this name; left out."),
    TRUNCATED: _("The value was too long and was shortened."),
    EXTRA_CELLS: _("The row has more cells than the header; the extra were ignored."),
    NO_BIRTH_DATE_OR_NIK: _(
        "The row has neither a date of birth nor a valid NIK, so it cannot be linked."
    ),
    MALFORMED_LINE: _("The line is not a JSON object."),
    UNREADABLE_ROW: _("The row could not be read."),
}


class ValueProblem(ValueError):
    """A normaliser could not use a value; ``code`` says why (see MESSAGES)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Finding:
    """One error or warning about one field of one row."""

    field: str
    code: str
    detail: str = ""  # a finer code, e.g. parse_nik's reason for an invalid NIK

    def stored(self) -> dict[str, str]:
        """As kept on a staged or rejected row: codes only (``shown_message``)."""
        found = {"field": self.field, "code": self.code}
        if self.detail:
            found["detail"] = self.detail
        return found

    def as_dict(self) -> dict[str, str]:
        found = {"field": self.field, "code": self.code, "message": message(self.code)}
        if self.detail:
            found["detail"] = self.detail
        return found


def message(code: str) -> str:
    """The message for a code in the active language (the code itself if unknown)."""
    text = MESSAGES.get(code)
    return str(text) if text is not None else code


def shown_message(found: dict[str, Any]) -> str:
    """The message of a stored finding in the active language, from its code.

    Findings are stored as codes; a row staged before that also kept the message
    it was given then, which is shown only for a code this version does not know."""
    code = found.get("code", "")
    if code in MESSAGES:
        return message(code)
    return str(found.get("message") or code)
