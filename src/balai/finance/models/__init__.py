# SPDX-License-Identifier: EUPL-1.2
from balai.finance.models.alerts import AbsorptionAlert, AlertKind
from balai.finance.models.budget import BudgetItem, BudgetLine, BudgetVersion
from balai.finance.models.codes import (
    Account,
    Activity,
    CodeChange,
    FundingSource,
    Location,
)
from balai.finance.models.journal import (
    FiscalPeriod,
    JournalEntry,
    JournalLine,
    RevenueRoute,
    RollupCell,
    SourceDocument,
)

__all__ = [
    "AbsorptionAlert",
    "Account",
    "Activity",
    "AlertKind",
    "BudgetItem",
    "BudgetLine",
    "BudgetVersion",
    "CodeChange",
    "FiscalPeriod",
    "FundingSource",
    "JournalEntry",
    "JournalLine",
    "Location",
    "RevenueRoute",
    "RollupCell",
    "SourceDocument",
]
