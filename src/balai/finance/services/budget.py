# SPDX-License-Identifier: EUPL-1.2
"""Budget versions and lines: drafts are edited, approved versions never change."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError, Conflict, NotFound
from balai.core.states import Move, StateMachine
from balai.finance import codes, policies
from balai.finance.constants import (
    ActivityLevel,
    ErrorCode,
    VersionKind,
    VersionStatus,
)
from balai.finance.models import (
    Account,
    Activity,
    BudgetItem,
    BudgetLine,
    BudgetVersion,
    CashPlanLine,
    FundingSource,
    Location,
)
from balai.security import audit

KEEPER = "finance_keeper"
VERSION_MACHINE = StateMachine(
    name="budget_version",
    status_label=lambda status: VersionStatus(status).label,
    moves=[Move("approve", {VersionStatus.DRAFT}, VersionStatus.APPROVED, by=KEEPER)],
)


def _amount(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (ArithmeticError, ValueError):
        amount = Decimal(-1)
    if amount < 0 or amount != amount.to_integral_value():
        raise BalaiError(
            _("An amount is a whole number of rupiah, zero or more."),
            code=ErrorCode.INVALID_AMOUNT,
            field_errors={"amount": [_("Enter whole rupiah, zero or more.")]},
        )
    return amount


def _ensure_draft(version: BudgetVersion) -> None:
    if version.is_approved:
        raise Conflict(
            _("Version %(title)s is approved and can no longer change.")
            % {"title": version.title},
            code=ErrorCode.VERSION_APPROVED,
        )


def item_get_or_create(
    *,
    agency: Any,
    sub_activity_code: str,
    account_code: str,
    fund_code: str,
    location_code: str,
) -> BudgetItem:
    """The item for a line key, validating every code and its level."""
    activity_code = codes.normalise_activity_code(sub_activity_code)
    account = codes.normalise_account_code(account_code)
    sub_activity = Activity.objects.filter(
        code=activity_code, level=ActivityLevel.SUB_KEGIATAN
    ).first()
    found_account = Account.objects.filter(code=account, level=6).first()
    fund = FundingSource.objects.filter(code=fund_code).first()
    location = Location.objects.filter(code=location_code).first()
    missing = {
        "sub_activity": (sub_activity, activity_code),
        "account": (found_account, account),
        "fund": (fund, fund_code),
        "location": (location, location_code),
    }
    errors = {
        field: [
            _("%(code)s is not a known code at the level of a budget line.")
            % {"code": code}
        ]
        for field, (obj, code) in missing.items()
        if obj is None
    }
    if errors:
        raise BalaiError(
            _("The budget line names unknown codes."),
            code=ErrorCode.UNKNOWN_CODE,
            field_errors=errors,
        )
    item, _created = BudgetItem.objects.get_or_create(
        agency=agency,
        sub_activity=sub_activity,
        account=found_account,
        fund=fund,
        location=location,
    )
    return item


@transaction.atomic
def budget_version_create(
    *, actor: Any, fiscal_year: int, kind: str, title: str = ""
) -> BudgetVersion:
    """Open a new draft version; a pergeseran or perubahan starts as a copy of the
    latest approved version of the year."""
    policies.ensure_can_manage_budget(actor)
    kind = VersionKind(kind)
    versions = BudgetVersion.objects.select_for_update().filter(fiscal_year=fiscal_year)
    existing = list(versions.order_by("number"))
    if any(not v.is_approved for v in existing):
        raise Conflict(
            _("Approve or discard the open draft of %(year)s first.")
            % {"year": fiscal_year},
            code=ErrorCode.VERSION_ORDER,
        )
    if kind == VersionKind.MURNI and existing:
        raise Conflict(
            _("%(year)s already has its original budget.") % {"year": fiscal_year},
            code=ErrorCode.VERSION_ORDER,
        )
    if kind != VersionKind.MURNI and not existing:
        raise Conflict(
            _("A shift or an amendment needs an approved original budget first."),
            code=ErrorCode.VERSION_ORDER,
        )
    if kind == VersionKind.PERUBAHAN and any(
        v.kind == VersionKind.PERUBAHAN for v in existing
    ):
        raise Conflict(
            _("The budget is amended (APBD-P) once per fiscal year."),
            code=ErrorCode.VERSION_ORDER,
        )
    base = existing[-1] if existing else None
    number = (versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = BudgetVersion(
        fiscal_year=fiscal_year,
        number=number,
        kind=kind,
        title=title or f"{VersionKind(kind).label} {fiscal_year} #{number}",
        based_on=base,
    )
    version.full_clean()
    version.save()
    if base is not None:
        BudgetLine.objects.bulk_create(
            BudgetLine(version=version, item_id=line.item_id, amount=line.amount)
            for line in base.lines.all()
        )
    audit.record(actor=actor, action="budget_version.create", target=version)
    return version


@transaction.atomic
def budget_line_set(
    *, actor: Any, version: BudgetVersion, item: BudgetItem, amount: Any
) -> BudgetLine:
    """Set the ceiling of one item in a draft version."""
    policies.ensure_can_manage_budget(actor)
    version = BudgetVersion.objects.select_for_update().get(pk=version.pk)
    _ensure_draft(version)
    value = _amount(amount)
    line, _created = BudgetLine.objects.update_or_create(
        version=version, item=item, defaults={"amount": value}
    )
    audit.record(actor=actor, action="budget_line.set", target=line, changes=["amount"])
    return line


@transaction.atomic
def budget_version_approve(*, actor: Any, version: BudgetVersion) -> BudgetVersion:
    """Approve a draft: from now on its lines are the ceiling in force."""
    policies.ensure_can_manage_budget(actor)
    version = BudgetVersion.objects.select_for_update().get(pk=version.pk)
    move = VERSION_MACHINE.move_for("approve", version.status)
    version.status = str(move.target)
    version.approved_at = timezone.now()
    version.approved_by = actor
    version.full_clean()
    version.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
    audit.record(actor=actor, action="budget_version.approve", target=version)
    return version


@dataclass(frozen=True)
class LineDiff:
    item: BudgetItem
    before: Decimal
    after: Decimal

    @property
    def change(self) -> Decimal:
        return self.after - self.before


def budget_version_diff(
    *, before: BudgetVersion, after: BudgetVersion
) -> list[LineDiff]:
    """Every item whose ceiling differs between two versions (added lines start
    from 0, removed ones end at 0), in code order."""
    old = dict(before.lines.values_list("item_id", "amount"))
    new = dict(after.lines.values_list("item_id", "amount"))
    changed = [pk for pk in old.keys() | new.keys() if old.get(pk, 0) != new.get(pk, 0)]
    items = BudgetItem.objects.select_related(
        "agency", "sub_activity", "account", "fund", "location"
    ).in_bulk(changed)
    diffs = [
        LineDiff(
            item=items[pk],
            before=Decimal(old.get(pk, 0)),
            after=Decimal(new.get(pk, 0)),
        )
        for pk in changed
    ]
    return sorted(
        diffs,
        key=lambda d: (
            d.item.agency.code,
            d.item.sub_activity.code,
            d.item.account.code,
        ),
    )


def version_in_force(*, fiscal_year: int, on: Any = None) -> BudgetVersion | None:
    """The latest version approved by ``on`` (now by default)."""
    versions = BudgetVersion.objects.filter(
        fiscal_year=fiscal_year, status=VersionStatus.APPROVED
    )
    if on is not None:
        versions = versions.filter(approved_at__lte=on)
    return versions.order_by("-number").first()


def version_get(*, pk: Any) -> BudgetVersion:
    version = BudgetVersion.objects.filter(pk=pk).first()
    if version is None:
        raise NotFound(_("No such budget version."))
    return version


@transaction.atomic
def cash_plan_set(
    *, actor: Any, item: BudgetItem, year: int, month: int, amount: Any
) -> str:
    """Set the cash plan (anggaran kas) of one item in one month; returns
    ``created``, ``updated`` or ``unchanged`` (re-importing changes nothing)."""
    policies.ensure_can_manage_budget(actor)
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise BalaiError(
            _("The month must be 1 to 12 of a fiscal year."),
            code="invalid_input",
            field_errors={"bulan": []},
        )
    value = _amount(amount)
    current = CashPlanLine.objects.filter(
        item=item, fiscal_year=year, month=month
    ).first()
    if current is not None and current.amount == value:
        return "unchanged"
    line, created = CashPlanLine.objects.update_or_create(
        item=item, fiscal_year=year, month=month, defaults={"amount": value}
    )
    audit.record(actor=actor, action="cash_plan.set", target=line, changes=["amount"])
    return "created" if created else "updated"
