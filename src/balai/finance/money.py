# SPDX-License-Identifier: EUPL-1.2
"""Rupiah amounts for people: ``Rp1.500.000``, ``Rp1,5 M`` (short form on charts)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def rupiah(amount: Any) -> str:
    """Whole rupiah with Indonesian thousands dots, in every language."""
    value = int(Decimal(str(amount or 0)))
    sign = "-" if value < 0 else ""
    return sign + "Rp" + f"{abs(value):,}".replace(",", ".")


def percent(part: Any, whole: Any) -> Decimal | None:
    """``part`` as a percentage of ``whole`` to one decimal; None without a whole."""
    whole = Decimal(str(whole or 0))
    if whole == 0:
        return None
    result: Decimal = (Decimal(str(part or 0)) * 100 / whole).quantize(Decimal("0.1"))
    return result
