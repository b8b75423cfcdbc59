# SPDX-License-Identifier: EUPL-1.2
"""The catalog's fee formulas, computed from an application's answers.

A catalog service names its formula (``fee.formula``); cases asks
:func:`fee_compute` for the amount when the application is submitted.

- ``retribusi-pbg``: total floor area × integrated index (building function) ×
  local index × HSBGN (standard unit price per m²), the shape of the PP 16/2021
  retribution; the indices and HSBGN are the region's (``TAX`` settings).
- ``pajak-reklame``: advertising tax = rate (at most 25%, UU 1/2022) × rental value,
  the rental value being width × height × sides × value per m² per day for the sign
  type × the location index of the road class (``location_class``) × days displayed.
- ``pbb-p2``: the amount due today on the PBB-P2 bill of the answered NOP and year.

All amounts are rounded half up to whole rupiah. A missing or unusable answer raises
a BalaiError naming the field, so the applicant sees what to correct.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError

REKLAME_MAX_RATE = Decimal(25)


@dataclass(frozen=True)
class Fee:
    amount: Decimal
    lines: tuple[tuple[str, str], ...]  # (label, value) of the computation


def _table(text: str) -> dict[str, Decimal]:
    table = {}
    for item in text.split(","):
        key, _sep, value = item.strip().partition(":")
        table[key.strip()] = Decimal(value)
    return table


def _number(answers: dict[str, Any], field: str, *, positive: bool = True) -> Decimal:
    try:
        value = Decimal(str(answers.get(field)))
    except (InvalidOperation, ValueError):
        value = Decimal(-1)
    if not value.is_finite() or value < 0 or (positive and value == 0):
        message = _("A positive number is needed to compute the fee.")
        raise BalaiError(message, code="fee_input", field_errors={field: [message]})
    return value


def _choice(answers: dict[str, Any], field: str, table: dict[str, Decimal]) -> Decimal:
    value = str(answers.get(field, ""))
    if value not in table:
        message = _("Choose one of the listed options to compute the fee.")
        raise BalaiError(message, code="fee_input", field_errors={field: [message]})
    return table[value]


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), ROUND_HALF_UP)


def retribusi_pbg(answers: dict[str, Any]) -> Fee:
    config = settings.TAX
    area = _number(answers, "floor_area_m2")
    function_index = _choice(
        answers, "building_function", _table(str(config["pbg_function_index"]))
    )
    local_index = Decimal(str(config["pbg_local_index_per_mille"])) / 1000
    hsbgn = Decimal(config["pbg_hsbgn"])
    amount = _round(area * function_index * local_index * hsbgn)
    return Fee(
        amount,
        (
            ("floor_area_m2", str(area)),
            ("function_index", str(function_index)),
            ("local_index", str(local_index)),
            ("hsbgn", str(hsbgn)),
        ),
    )


def _date(answers: dict[str, Any], field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(answers.get(field)))
    except ValueError as exc:
        message = _("A date (YYYY-MM-DD) is needed to compute the fee.")
        raise BalaiError(
            message, code="fee_input", field_errors={field: [message]}
        ) from exc


def pajak_reklame(answers: dict[str, Any]) -> Fee:
    config = settings.TAX
    rate = min(Decimal(str(config["reklame_rate_percent"])), REKLAME_MAX_RATE)
    value = _choice(answers, "sign_type", _table(str(config["reklame_value_m2_day"])))
    location = _choice(
        answers, "location_class", _table(str(config["reklame_location_index"]))
    )
    width, height = _number(answers, "width_m"), _number(answers, "height_m")
    sides = _number(answers, "sides")
    start, end = _date(answers, "start_date"), _date(answers, "end_date")
    days = (end - start).days + 1
    if days < 1:
        message = _("The end date must not be before the start date.")
        raise BalaiError(
            message, code="fee_input", field_errors={"end_date": [message]}
        )
    rental = width * height * sides * value * location * days
    amount = _round(rental * rate / 100)
    return Fee(
        amount,
        (
            ("area_m2", str(width * height * sides)),
            ("value_m2_day", str(value)),
            ("location_index", str(location)),
            ("days", str(days)),
            ("rental_value", str(_round(rental))),
            ("rate_percent", str(rate)),
        ),
    )


def pbb_p2(answers: dict[str, Any]) -> Fee:
    from balai.tax import selectors, services

    nop = services.nop_clean(str(answers.get("nop", "")))
    year = int(_number(answers, "tax_year"))
    bill = selectors.bill_for_inquiry(nop, year)
    if bill is None:
        message = _("No PBB-P2 bill for this NOP and year.")
        raise BalaiError(message, code="fee_input", field_errors={"nop": [message]})
    due = services.bill_amount_due(bill)
    return Fee(
        due.total,
        (("principal", str(due.principal)), ("interest", str(due.interest))),
    )


FORMULAS: dict[str, Callable[[dict[str, Any]], Fee]] = {
    "retribusi-pbg": retribusi_pbg,
    "pajak-reklame": pajak_reklame,
    "pbb-p2": pbb_p2,
}


def fee_compute(formula: str, answers: dict[str, Any]) -> Fee:
    """The fee by the named formula; BalaiError for an unknown formula or input."""
    compute = FORMULAS.get(formula)
    if compute is None:
        raise BalaiError(
            _("The fee formula %(name)s is not known.") % {"name": formula},
            code="fee_formula",
        )
    return compute(answers or {})
