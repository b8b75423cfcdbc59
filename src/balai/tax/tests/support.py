# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from decimal import Decimal
from typing import Any

from balai.tax import services

NOP = "351501000100100010"  # 35.15.010.001.001-0001.0
NIK = "3273011708900001"


def tax_object(nop: str = NOP, **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "actor": None,
        "nop": nop,
        "address": "Jl. Melati No. 5",
        "land_area": 200,
        "land_value_m2": Decimal(2_000_000),
        "building_area": 100,
        "building_value_m2": Decimal(1_500_000),
        "taxpayer_name": "Hendra Wijaya",
        "taxpayer_nik": NIK,
    }
    values.update(overrides)
    return services.object_register(**values)
