# SPDX-License-Identifier: EUPL-1.2
"""Who may work reports: verified officers and heads of the agency they are routed to.

Board staff are verified (second factor) officers or agency heads; each sees the
reports of their own agency and the agencies beneath it — the ``below`` direction of
``accounts.selectors.agency_scope``: reports are routed to the unit that does the work
(a UPT), and the dinas above supervises it. The triage queue (reports no
rule could route) belongs to verified system administrators and to the officers and
heads of the triage agency (``settings.REPORTS_TRIAGE_AGENCY_CODE``, Diskominfo by
default); they route those reports onwards. Citizens follow and read public pages.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from balai.accounts.constants import Role
from balai.accounts.policies import has_role, is_staff_member, is_verified
from balai.accounts.selectors import agency_scope
from balai.reports.models import Report
from balai.security.policy import can, ensure, rule

BOARD_ROLES = (Role.OFFICER, Role.AGENCY_HEAD)
WORK = "reports.work_reports"
TRIAGE = "reports.triage_reports"
MANAGE = "reports.manage_reports"
FOLLOW = "reports.follow_report"


def is_board_staff(user: Any) -> bool:
    return (
        is_staff_member(user)
        and is_verified(user)
        and any(has_role(user, role) for role in BOARD_ROLES)
        and getattr(user, "agency_id", None) is not None
    )


def can_be_assigned(user: Any) -> bool:
    """May ``user`` be given a report to work (as assignee)? An active staff member
    with a board role; their own 2FA is checked when they act, not here."""
    return is_staff_member(user) and any(has_role(user, role) for role in BOARD_ROLES)


def is_triage_staff(user: Any) -> bool:
    if not (is_staff_member(user) and is_verified(user)):
        return False
    if has_role(user, Role.SYSTEM_ADMIN):
        return True
    agency = getattr(user, "agency", None)
    return (
        is_board_staff(user)
        and agency is not None
        and agency.code == settings.REPORTS_TRIAGE_AGENCY_CODE
    )


@rule(WORK)
def _work_reports(user: Any, obj: Any) -> bool:
    if obj is None:
        return is_board_staff(user) or is_triage_staff(user)
    if not isinstance(obj, Report):
        return False
    if obj.agency_id is None:
        return is_triage_staff(user)
    return is_board_staff(user) and obj.agency_id in agency_scope(user).below


@rule(TRIAGE)
def _triage_reports(user: Any, obj: Any) -> bool:
    return is_triage_staff(user)


@rule(MANAGE)
def _manage_reports(user: Any, obj: Any) -> bool:
    """Categories, areas, routing rules and Open311 keys (the admin)."""
    return (
        is_staff_member(user)
        and is_verified(user)
        and has_role(user, Role.SYSTEM_ADMIN)
    )


@rule(FOLLOW)
def _follow_report(user: Any, obj: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_work_reports(user: Any, report: Report | None = None) -> bool:
    return can(user, WORK, report)


def ensure_can_work_report(user: Any, report: Report | None = None) -> None:
    ensure(user, WORK, report)


def can_triage(user: Any) -> bool:
    return can(user, TRIAGE)


def can_manage_reports(user: Any) -> bool:
    return can(user, MANAGE)


def ensure_can_follow(user: Any) -> None:
    ensure(user, FOLLOW)


def visible_reports(user: Any) -> QuerySet[Report]:
    """The board's rows: own agency scope, plus the triage queue for triage staff."""
    condition = Q(pk__in=[])
    if is_board_staff(user):
        condition |= Q(agency_id__in=agency_scope(user).below)
    if is_triage_staff(user):
        condition |= Q(agency__isnull=True)
    return Report.objects.filter(condition)


def public_reports() -> QuerySet[Report]:
    """What anybody may see: every report not hidden by moderators."""
    return Report.objects.filter(is_hidden=False)
