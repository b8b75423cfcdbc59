# SPDX-License-Identifier: EUPL-1.2
"""Small builders for finance tests: a budget with approved lines."""

from __future__ import annotations

from typing import Any

from balai.finance.models import BudgetItem, BudgetVersion
from balai.finance.services.budget import (
    budget_line_set,
    budget_version_approve,
    budget_version_create,
    item_get_or_create,
)

ROAD = ("1.03.10.2.01.0021", "5.2.04.01.01.0012")
ATK = ("1.03.01.2.01.0001", "5.1.02.01.01.0024")
PBB = ("5.02.04.2.01.0004", "4.1.01.12.01.0001")


def item(
    agency: Any, codes: tuple[str, str], *, fund: str = "PAD", location: str = "32.73"
) -> BudgetItem:
    return item_get_or_create(
        agency=agency,
        sub_activity_code=codes[0],
        account_code=codes[1],
        fund_code=fund,
        location_code=location,
    )


def approved_budget(
    actor: Any, year: int, lines: dict[BudgetItem, int], kind: str = "murni"
) -> BudgetVersion:
    version = budget_version_create(actor=actor, fiscal_year=year, kind=kind)
    for budget_item, amount in lines.items():
        budget_line_set(actor=actor, version=version, item=budget_item, amount=amount)
    return budget_version_approve(actor=actor, version=version)
