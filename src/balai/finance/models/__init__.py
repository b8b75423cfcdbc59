# SPDX-License-Identifier: EUPL-1.2
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
    "Account",
    "Activity",
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
