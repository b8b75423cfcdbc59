# SPDX-License-Identifier: EUPL-1.2
"""Who may do what with applications; every rule denies by default.

Citizens see and act on their own applications only. Officers and agency heads who
passed their second factor handle the applications of their agency, and of agencies
above theirs (a UPT's officers handle their dinas' applications); staff of any other
agency see nothing, not even that an application exists (views answer 404).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from balai.accounts.constants import Role
from balai.accounts.policies import has_role, is_staff_member, is_verified
from balai.accounts.selectors import agency_scope
from balai.cases.models import Application
from balai.security.policy import can, ensure, rule

HANDLER_ROLES = (Role.OFFICER, Role.AGENCY_HEAD)

APPLY = "cases.apply"
VIEW = "cases.view_application"
HANDLE = "cases.handle_application"
LEAD = "cases.lead_application"
INBOX = "cases.view_inbox"
IKM = "cases.view_satisfaction"


def is_citizen(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and not user.is_staff
    )


def is_case_staff(user: Any) -> bool:
    """A verified officer or agency head with an agency."""
    return (
        is_staff_member(user)
        and is_verified(user)
        and user.agency_id is not None
        and any(has_role(user, role) for role in HANDLER_ROLES)
    )


def agency_ids_served(user: Any) -> frozenset[Any]:
    """The agencies whose applications ``user`` handles: their own and those above —
    the ``above`` direction of ``accounts.selectors.agency_scope``, because citizens
    apply to the dinas and its UPTs serve them at their counters."""
    if not is_case_staff(user):
        return frozenset()
    return agency_scope(user).above


def agency_codes_served(user: Any) -> frozenset[str]:
    """The codes of the agencies in :func:`agency_ids_served` (catalog services name
    their agency by code)."""
    if not is_case_staff(user):
        return frozenset()
    return agency_scope(user).above_codes


def serves(user: Any, application: Application) -> bool:
    return application.agency_id in agency_ids_served(user)


@rule(APPLY)
def _apply(user: Any, obj: Any) -> bool:
    return is_citizen(user)


@rule(VIEW)
def _view(user: Any, obj: Any) -> bool:
    if not isinstance(obj, Application):
        return False
    if obj.applicant_id == user.pk:
        return True
    return serves(user, obj)


@rule(HANDLE)
def _handle(user: Any, obj: Any) -> bool:
    """Staff of the agency, but nobody handles their own application."""
    return (
        isinstance(obj, Application)
        and serves(user, obj)
        and obj.applicant_id != user.pk
    )


@rule(LEAD)
def _lead(user: Any, obj: Any) -> bool:
    return _handle(user, obj) and has_role(user, Role.AGENCY_HEAD)


@rule(INBOX)
def _inbox(user: Any, obj: Any) -> bool:
    return is_case_staff(user)


@rule(IKM)
def _ikm(user: Any, obj: Any) -> bool:
    return is_case_staff(user)


def can_view_application(user: Any, application: Application) -> bool:
    return can(user, VIEW, application)


def can_handle_application(user: Any, application: Application) -> bool:
    return can(user, HANDLE, application)


def can_lead_application(user: Any, application: Application) -> bool:
    return can(user, LEAD, application)


def is_handling(user: Any, application: Application) -> bool:
    """The officer who claimed it, or the head: they decide; others claim first."""
    return can_handle_application(user, application) and (
        application.assigned_to_id == user.pk or has_role(user, Role.AGENCY_HEAD)
    )


def ensure_can_apply(user: Any) -> None:
    ensure(user, APPLY)


def ensure_can_view_application(user: Any, application: Application) -> None:
    ensure(user, VIEW, application)


def ensure_can_handle_application(user: Any, application: Application) -> None:
    ensure(user, HANDLE, application)


def ensure_can_lead_application(user: Any, application: Application) -> None:
    ensure(user, LEAD, application)


def ensure_can_view_inbox(user: Any) -> None:
    ensure(user, INBOX)


def ensure_can_view_satisfaction(user: Any) -> None:
    ensure(user, IKM)


def visible_applications(user: Any) -> QuerySet[Application]:
    """Staff: their agencies' applications (no drafts); citizens: their own."""
    if is_case_staff(user):
        return Application.objects.filter(
            agency_id__in=agency_ids_served(user)
        ).exclude(status="draft")
    if getattr(user, "is_authenticated", False):
        return Application.objects.filter(applicant_id=user.pk)
    return Application.objects.none()
