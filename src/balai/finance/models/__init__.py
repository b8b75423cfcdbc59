# SPDX-License-Identifier: EUPL-1.2
from balai.finance.models.alerts import AbsorptionAlert, AlertKind
from balai.finance.models.budget import (
    BudgetItem,
    BudgetLine,
    BudgetVersion,
    CashPlanLine,
)
from balai.finance.models.codes import (
    Account,
    Activity,
    CodeChange,
    FundingSource,
    Location,
)
from balai.finance.models.imports import ImportBatch, ImportRejection
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
    "CashPlanLine",
    "CodeChange",
    "FiscalPeriod",
    "FundingSource",
    "ImportBatch",
    "ImportRejection",
    "JournalEntry",
    "JournalLine",
    "Location",
    "RevenueRoute",
    "RollupCell",
    "SourceDocument",
]
