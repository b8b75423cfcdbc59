# SPDX-License-Identifier: EUPL-1.2
"""Absorption alerts to the agency head and the finance officers.

Raised by ``balai finance alerts`` (daily, by the host's scheduler), each once per
line, kind and year:

- ``no_realisation``: a spending line with a ceiling and nothing spent once the third
  quarter has begun;
- ``over_ceiling``: spending above the ceiling in force (a later version cut it);
- ``december_spike``: in December, more than 40% of the year's spending of a line
  falls in December;
- ``shifted``: the line's ceiling changed in two or more approved versions.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from balai.accounts.constants import Role
from balai.core.links import public_reverse
from balai.finance.constants import Dimension, VersionStatus
from balai.finance.models import AbsorptionAlert, AlertKind, BudgetLine
from balai.finance.money import rupiah
from balai.finance.selectors import items_of, monthly
from balai.notifications.services import user_notify

SPIKE_SHARE = Decimal("0.4")


def _shifts(year: int) -> dict[Any, int]:
    """How many approved versions after the first changed each item's ceiling."""
    seen: dict[Any, Decimal] = {}
    changes: dict[Any, int] = {}
    lines = BudgetLine.objects.filter(
        version__fiscal_year=year, version__status=VersionStatus.APPROVED
    ).order_by("version__number")
    for item_id, amount in lines.values_list("item_id", "amount"):
        if item_id in seen and seen[item_id] != amount:
            changes[item_id] = changes.get(item_id, 0) + 1
        seen[item_id] = amount
    return changes


def _recipients(agency_id: Any) -> list[Any]:
    users = get_user_model().objects.filter(is_active=True, is_staff=True)
    heads = users.filter(groups__name=Role.AGENCY_HEAD, agency_id=agency_id)
    keepers = users.filter(groups__name=Role.FINANCE_OFFICER)
    return list({u.pk: u for u in [*heads, *keepers]}.values())


@transaction.atomic
def absorption_alerts_raise(*, year: int, today: dt.date) -> list[AbsorptionAlert]:
    """Raise the alerts not yet raised this year; each is told to the people once."""
    shifts = _shifts(year)
    raised = []
    for row in items_of(year=year):
        if not row.item.account.code.startswith("5"):
            continue
        kinds = []
        if today >= dt.date(year, 7, 1) and row.budget > 0 and row.realised == 0:
            kinds.append(AlertKind.NO_REALISATION)
        if row.realised > row.budget:
            kinds.append(AlertKind.OVER_CEILING)
        if today.month == 12 and today.year == year and row.realised > 0:
            december = monthly(
                dimension=Dimension.ITEM, key=str(row.item.pk), year=year
            )[11]
            if december > row.realised * SPIKE_SHARE:
                kinds.append(AlertKind.DECEMBER_SPIKE)
        if shifts.get(row.item.pk, 0) >= 2:
            kinds.append(AlertKind.SHIFTED)
        for kind in kinds:
            alert, created = AbsorptionAlert.objects.get_or_create(
                fiscal_year=year,
                item=row.item,
                kind=kind,
                defaults={"raised_on": today},
            )
            if not created:
                continue
            raised.append(alert)
            context = {
                "kind": str(kind),
                "year": year,
                "agency": row.item.agency.name,
                "line": f"{row.item.sub_activity.code} {row.item.sub_activity.name}",
                "account": f"{row.item.account.code} {row.item.account.name}",
                "budget": rupiah(row.budget),
                "realised": rupiah(row.realised),
                "link": public_reverse("finance:dashboard-item", pk=row.item.pk)
                + f"?tahun={year}",
            }
            for user in _recipients(row.item.agency_id):
                user_notify(
                    user_id=str(user.pk), template="finance_absorption", context=context
                )
    return raised
