# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from django.db.models import Sum
from django.utils import timezone

import pytest

from balai.accounts.seed import seed_accounts
from balai.core.seeding import make_context
from balai.finance.constants import Dimension, VersionStatus
from balai.finance.models import (
    BudgetVersion,
    CashPlanLine,
    JournalEntry,
    RollupCell,
)
from balai.finance.seed import seed_finance
from balai.finance.services.budget import version_in_force


@pytest.mark.django_db
def test_the_demo_budget_is_realistic_and_seeding_twice_changes_nothing(
    sample_regions: None,
) -> None:
    lines: list[str] = []
    context = make_context(residents=0, seed=7, write=lines.append, progress=False)
    seed_accounts(context)
    seed_finance(context)
    year = timezone.localdate().year
    versions = BudgetVersion.objects.filter(fiscal_year=year)
    assert [(v.kind, v.status) for v in versions] == [
        ("murni", VersionStatus.APPROVED),
        ("pergeseran", VersionStatus.APPROVED),
    ]
    assert BudgetVersion.objects.filter(fiscal_year=year - 1).count() == 1
    in_force = version_in_force(fiscal_year=year)
    assert in_force.lines.count() > 50
    # realisation never passes a ceiling (commitment control held) and exists
    ceilings = dict(
        in_force.lines.filter(item__account__code__startswith="5").values_list(
            "item_id", "amount"
        )
    )
    spent = {
        row["key"]: row["total"]
        for row in RollupCell.objects.filter(dimension=Dimension.ITEM, fiscal_year=year)
        .values("key")
        .annotate(total=Sum("amount"))
    }
    assert sum(spent.get(str(pk), 0) for pk in ceilings) > 0
    assert all(spent.get(str(pk), 0) <= ceiling for pk, ceiling in ceilings.items())
    entries = JournalEntry.objects.count()
    assert entries > 500
    # the cash plan spreads each spending line's murni ceiling over the 12 months
    murni = versions.get(kind="murni")
    planned = dict(
        CashPlanLine.objects.filter(fiscal_year=year)
        .values("item_id")
        .annotate(total=Sum("amount"))
        .values_list("item_id", "total")
    )
    murni_spending = dict(
        murni.lines.filter(item__account__code__startswith="5").values_list(
            "item_id", "amount"
        )
    )
    assert planned == murni_spending
    plans = CashPlanLine.objects.count()
    seed_finance(context)
    assert JournalEntry.objects.count() == entries
    assert CashPlanLine.objects.count() == plans
    assert BudgetVersion.objects.count() == 3
