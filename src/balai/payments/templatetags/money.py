# SPDX-License-Identifier: EUPL-1.2
"""``{{ amount|rupiah }}``: whole rupiah with the language's thousands separator
(``Rp810.000`` in Indonesian, ``Rp810,000`` in English)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def rupiah(value: Any) -> str:
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return "Rp" + number_format(amount, 0, use_l10n=True, force_grouping=True)
