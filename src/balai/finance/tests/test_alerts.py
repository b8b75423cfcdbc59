# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management import call_command

import pytest

from balai.accounts.constants import Role
from balai.accounts.tests.factories import StaffFactory
from balai.finance.models import AbsorptionAlert, AlertKind
from balai.finance.services.alerts import absorption_alerts_raise
from balai.finance.services.budget import (
    budget_line_set,
    budget_version_approve,
    budget_version_create,
)
from balai.finance.services.journal import spending_post
from balai.finance.tests.helpers import ATK, ROAD, approved_budget, item
from balai.notifications.models import Message

pytestmark = pytest.mark.usefixtures("codes")


def test_alerts_are_raised_once_and_told_to_the_head_and_finance_officers(
    keeper: Any, agency: Any, django_capture_on_commit_callbacks: Any
) -> None:
    head = StaffFactory(agency=agency, roles=[Role.AGENCY_HEAD])
    road, atk = item(agency, ROAD), item(agency, ATK)
    approved_budget(keeper, 2026, {road: 1_000, atk: 500})
    spending_post(
        actor=keeper,
        item=road,
        amount=100,
        date=dt.date(2026, 2, 1),
        document_number="A",
        description="x",
    )
    spending_post(
        actor=keeper,
        item=road,
        amount=900,
        date=dt.date(2026, 12, 1),
        document_number="B",
        description="x",
    )
    for amount in (800, 700):  # two shifts of the same line, then a cut below spending
        version = budget_version_create(
            actor=keeper, fiscal_year=2026, kind="pergeseran"
        )
        budget_line_set(actor=keeper, version=version, item=road, amount=amount)
        budget_version_approve(actor=keeper, version=version)

    with django_capture_on_commit_callbacks(execute=True):
        raised = absorption_alerts_raise(year=2026, today=dt.date(2026, 12, 10))
    kinds = {(a.item_id, a.kind) for a in raised}
    assert kinds == {
        (atk.pk, AlertKind.NO_REALISATION),
        (road.pk, AlertKind.OVER_CEILING),
        (road.pk, AlertKind.DECEMBER_SPIKE),
        (road.pk, AlertKind.SHIFTED),
    }
    told = Message.objects.filter(template="finance_absorption")
    assert {m.user_id for m in told} == {head.pk, keeper.pk}
    assert told.count() == 8

    assert absorption_alerts_raise(year=2026, today=dt.date(2026, 12, 11)) == []
    call_command("finance", "alerts", "--year", "2026")
    assert AbsorptionAlert.objects.count() == 4
