# SPDX-License-Identifier: EUPL-1.2
"""Who may do what with accounts and agencies; every rule denies by default."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from balai.accounts.constants import STAFF_ROLES, Role
from balai.accounts.models import Agency, DataCorrectionRequest, User
from balai.accounts.selectors import agency_scope
from balai.security.policy import (
    authentication_of,
    can,
    ensure,
    rule,
    second_factor_verified,
)


def is_staff_member(user: Any) -> bool:
    """Active staff holding at least one staff role."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_staff
        and user.role_names & STAFF_ROLES
    )


def is_verified(user: Any) -> bool:
    """Did this request's user pass a second factor? (``security.policy`` decides:
    a verified session, a token made from one, or a server command for staff.)"""
    return second_factor_verified(user)


def has_role(user: Any, role: str) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_role(role))


def in_agency_scope(user: Any, agency_id: Any) -> bool:
    """Staff supervise their own agency and the agencies beneath it (the ``below``
    direction of ``selectors.agency_scope``)."""
    return is_staff_member(user) and agency_id in agency_scope(user).below


@rule("accounts.view_own_account")
def _view_own_account(user: Any, obj: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@rule("accounts.view_user")
def _view_user(user: Any, obj: Any) -> bool:
    if not isinstance(obj, User):
        return False
    if obj.pk == user.pk:
        return True
    if not is_verified(user):
        return False
    return has_role(user, Role.SYSTEM_ADMIN) or has_role(user, Role.SECURITY_OFFICER)


@rule("accounts.view_staff_area")
def _view_staff_area(user: Any, obj: Any) -> bool:
    return is_staff_member(user) and is_verified(user)


@rule("accounts.use_admin")
def _use_admin(user: Any, obj: Any) -> bool:
    return _view_staff_area(user, obj) and (
        has_role(user, Role.SYSTEM_ADMIN) or user.is_superuser
    )


@rule("accounts.manage_api_tokens")
def _manage_api_tokens(user: Any, obj: Any) -> bool:
    """Own tokens, from a session (a token never makes or revokes tokens); staff only
    with a verified second factor. ``obj``: the token acted on, or None to create."""
    if not getattr(user, "is_authenticated", False):
        return False
    authentication = authentication_of(user)
    if authentication is None or authentication.method != "session":
        return False
    if user.is_staff and not is_verified(user):
        return False
    return obj is None or getattr(obj, "user_id", None) == user.pk


def ensure_can_manage_api_token(user: Any, token: Any = None) -> None:
    ensure(user, "accounts.manage_api_tokens", token)


def visible_users(user: Any) -> QuerySet[User]:
    """Users ``user`` may see: themselves, or everyone for a verified system admin."""
    if (
        can(user, "accounts.view_user", user)
        and (has_role(user, Role.SYSTEM_ADMIN) or has_role(user, Role.SECURITY_OFFICER))
        and is_verified(user)
    ):
        return User.objects.all()
    if getattr(user, "is_authenticated", False):
        return User.objects.filter(pk=user.pk)
    return User.objects.none()


def visible_agencies(user: Any) -> QuerySet[Agency]:
    """Agencies are public information: every active agency."""
    return Agency.objects.filter(is_active=True).select_related("unit", "parent")


def ensure_can_view_staff_area(user: Any) -> None:
    ensure(user, "accounts.view_staff_area")


# --- citizens' data rights (UU 27/2022) -------------------------------------------

CORRECTION_HANDLER_ROLES = frozenset({Role.OFFICER, Role.AGENCY_HEAD})


def _is_correction_handler(user: Any) -> bool:
    return (
        is_staff_member(user)
        and is_verified(user)
        and bool(user.role_names & CORRECTION_HANDLER_ROLES)
    )


def _is_triage_admin(user: Any) -> bool:
    return (
        is_staff_member(user)
        and is_verified(user)
        and has_role(user, Role.SYSTEM_ADMIN)
    )


@rule("accounts.view_own_data")
def _view_own_data(user: Any, obj: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@rule("accounts.export_own_data")
def _export_own_data(user: Any, obj: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@rule("accounts.submit_correction_request")
def _submit_correction_request(user: Any, obj: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@rule("accounts.view_correction_queue")
def _view_correction_queue(user: Any, obj: Any) -> bool:
    return _is_correction_handler(user) or _is_triage_admin(user)


@rule("accounts.view_correction_request")
def _view_correction_request(user: Any, obj: Any) -> bool:
    """The responsible agency's officers and heads; triage requests: system admins."""
    if not isinstance(obj, DataCorrectionRequest):
        return False
    if obj.agency_id is None:
        return _is_triage_admin(user)
    return _is_correction_handler(user) and in_agency_scope(user, obj.agency_id)


@rule("accounts.handle_correction_request")
def _handle_correction_request(user: Any, obj: Any) -> bool:
    """As viewing, but nobody decides on a request about their own data."""
    return _view_correction_request(user, obj) and obj.requester_id != user.pk


def visible_correction_requests(user: Any) -> QuerySet[DataCorrectionRequest]:
    """Requests of the agencies the user supervises (their own and those beneath:
    a dinas' officers see its UPTs' requests), plus triage for system admins."""
    query = Q(pk__in=[])
    if _is_correction_handler(user):
        query |= Q(agency_id__in=agency_scope(user).below)
    if _is_triage_admin(user):
        query |= Q(agency__isnull=True)
    return DataCorrectionRequest.objects.filter(query)
