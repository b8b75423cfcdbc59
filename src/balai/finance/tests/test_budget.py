# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction

import pytest

from balai.core.errors import BalaiError, Conflict
from balai.finance.constants import ErrorCode, VersionKind, VersionStatus
from balai.finance.models import BudgetLine
from balai.finance.services.budget import (
    VERSION_MACHINE,
    budget_line_set,
    budget_version_approve,
    budget_version_create,
    budget_version_diff,
    version_in_force,
)
from balai.finance.tests.helpers import ATK, ROAD, approved_budget, item
from balai.security.models import AuditEntry

pytestmark = pytest.mark.usefixtures("codes")


def test_version_table_allows_only_approving_a_draft() -> None:
    assert VERSION_MACHINE.allowed_actions(VersionStatus.DRAFT) == ["approve"]
    assert VERSION_MACHINE.allowed_actions(VersionStatus.APPROVED) == []


def test_murni_then_shift_copies_lines_and_diff_lists_the_moves(
    keeper: Any, agency: Any
) -> None:
    road, atk = item(agency, ROAD), item(agency, ATK)
    murni = approved_budget(keeper, 2026, {road: 1_000_000_000, atk: 50_000_000})
    assert murni.kind == VersionKind.MURNI and murni.is_approved

    shift = budget_version_create(
        actor=keeper, fiscal_year=2026, kind=VersionKind.PERGESERAN
    )
    assert shift.number == 2 and shift.based_on == murni
    assert dict(shift.lines.values_list("item_id", "amount")) == {
        road.pk: Decimal(1_000_000_000),
        atk.pk: Decimal(50_000_000),
    }
    budget_line_set(actor=keeper, version=shift, item=road, amount=900_000_000)
    new = item(agency, ROAD, location="32.73.02")
    budget_line_set(actor=keeper, version=shift, item=new, amount=100_000_000)
    budget_version_approve(actor=keeper, version=shift)

    diff = budget_version_diff(before=murni, after=shift)
    assert {(d.item.pk, d.before, d.after, d.change) for d in diff} == {
        (road.pk, Decimal(1_000_000_000), Decimal(900_000_000), Decimal(-100_000_000)),
        (new.pk, Decimal(0), Decimal(100_000_000), Decimal(100_000_000)),
    }
    assert version_in_force(fiscal_year=2026) == shift
    assert AuditEntry.objects.filter(action="budget_version.approve").count() == 2


def test_an_approved_version_never_changes(keeper: Any, agency: Any) -> None:
    road = item(agency, ROAD)
    murni = approved_budget(keeper, 2026, {road: 1_000})
    with pytest.raises(Conflict) as caught:
        budget_line_set(actor=keeper, version=murni, item=road, amount=2_000)
    assert caught.value.code == ErrorCode.VERSION_APPROVED
    with pytest.raises(Conflict) as again:
        budget_version_approve(actor=keeper, version=murni)
    assert again.value.code == "invalid_transition"
    # and the database refuses a change that bypasses the service
    line = BudgetLine.objects.get(version=murni)
    with pytest.raises(DatabaseError), transaction.atomic():
        BudgetLine.objects.filter(pk=line.pk).update(amount=5)
    assert BudgetLine.objects.get(pk=line.pk).amount == 1_000


def test_version_order_rules(keeper: Any, agency: Any) -> None:
    with pytest.raises(Conflict):
        budget_version_create(
            actor=keeper, fiscal_year=2026, kind=VersionKind.PERGESERAN
        )
    draft = budget_version_create(
        actor=keeper, fiscal_year=2026, kind=VersionKind.MURNI
    )
    with pytest.raises(Conflict):  # one open draft at a time
        budget_version_create(
            actor=keeper, fiscal_year=2026, kind=VersionKind.PERGESERAN
        )
    budget_version_approve(actor=keeper, version=draft)
    with pytest.raises(Conflict):  # one murni
        budget_version_create(actor=keeper, fiscal_year=2026, kind=VersionKind.MURNI)
    p = budget_version_create(
        actor=keeper, fiscal_year=2026, kind=VersionKind.PERUBAHAN
    )
    budget_version_approve(actor=keeper, version=p)
    with pytest.raises(Conflict):  # one perubahan
        budget_version_create(
            actor=keeper, fiscal_year=2026, kind=VersionKind.PERUBAHAN
        )


def test_bad_amounts_and_unknown_codes_are_refused(keeper: Any, agency: Any) -> None:
    version = budget_version_create(actor=keeper, fiscal_year=2026, kind="murni")
    road = item(agency, ROAD)
    for bad in (-1, "1.5", "abc"):
        with pytest.raises(BalaiError) as caught:
            budget_line_set(actor=keeper, version=version, item=road, amount=bad)
        assert caught.value.code == ErrorCode.INVALID_AMOUNT
    with pytest.raises(BalaiError) as unknown:
        item(agency, ("1.03.10.2.01", "5.2.04.01.01"))  # levels above a line
    assert set(unknown.value.field_errors) == {"sub_activity", "account"}
    assert not BudgetLine.objects.exists()


def test_only_keepers_edit_budgets(officer: Any, agency: Any) -> None:
    with pytest.raises(PermissionDenied):
        budget_version_create(actor=officer, fiscal_year=2026, kind="murni")
