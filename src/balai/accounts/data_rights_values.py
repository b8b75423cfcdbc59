# SPDX-License-Identifier: EUPL-1.2
"""Checking the value a citizen asks for in a correction request, per data item.

The checks catch what cannot be right (a date in the future, a malformed NIK); whether
a plausible value is true is for the officer to judge.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.constants import CorrectionErrorCode, CorrectionItem
from balai.core.errors import BalaiError
from balai.regions.nik import NikError, parse_nik

_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")


def _invalid(field: str, message: str) -> BalaiError:
    return BalaiError(
        message,
        code=CorrectionErrorCode.INVALID_CORRECTION,
        field_errors={field: [message]},
    )


def correction_value_clean(*, item: str, value: str) -> str:
    """The requested value, normalised for its item; BalaiError when it cannot be."""
    if item not in CorrectionItem.values:
        raise _invalid("item", _("Choose which data is wrong."))
    value = " ".join((value or "").split())
    if not value:
        raise _invalid("requested_value", _("Enter the correct value."))
    if item == CorrectionItem.FULL_NAME and len(value) > 150:
        raise _invalid("requested_value", _("A name has at most 150 characters."))
    if item == CorrectionItem.BIRTH_DATE:
        for fmt in _DATE_FORMATS:
            try:
                born = dt.datetime.strptime(value, fmt).date()  # noqa: DTZ007
            except ValueError:
                continue
            if born > timezone.localdate():
                raise _invalid(
                    "requested_value", _("The date of birth cannot be in the future.")
                )
            return born.isoformat()
        raise _invalid(
            "requested_value", _("Enter the date as DD-MM-YYYY, e.g. 17-08-1990.")
        )
    if item == CorrectionItem.NIK:
        try:
            return parse_nik(value, check_region=False).nik
        except NikError as exc:
            raise _invalid("requested_value", exc.message) from exc
    return value
