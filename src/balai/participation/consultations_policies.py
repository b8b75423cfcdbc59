# SPDX-License-Identifier: EUPL-1.2
"""Who may do what in consultations and opinion mapping.

Citizens with a verified account (an active, non-staff account that carries a NIK)
comment, reply, support, appeal and vote on statements. Officers and heads of the
agency that owns a draft (or an agency above it), verified with a second factor,
publish drafts, enter offline input, moderate, answer submissions and close the
consultation. Everybody reads published consultations.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from balai.accounts.constants import Role
from balai.accounts.policies import has_role, is_staff_member, is_verified
from balai.accounts.selectors import agency_scope
from balai.participation.models import Consultation, Draft
from balai.security.policy import can, ensure, rule

OFFICER_ROLES = (Role.OFFICER, Role.AGENCY_HEAD)
PARTICIPATE = "participation.participate_consultation"
MANAGE = "participation.manage_consultation"


def is_verified_citizen(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and not user.is_staff
        and user.nik
    )


def is_consultation_officer(user: Any) -> bool:
    """A verified officer or agency head with an agency."""
    return (
        is_staff_member(user)
        and is_verified(user)
        and getattr(user, "agency_id", None) is not None
        and any(has_role(user, role) for role in OFFICER_ROLES)
    )


def _agency_of(obj: Any) -> Any:
    if isinstance(obj, Consultation):
        return obj.draft.agency_id
    if isinstance(obj, Draft):
        return obj.agency_id
    return None


@rule(PARTICIPATE)
def _participate(user: Any, obj: Any) -> bool:
    return is_verified_citizen(user)


@rule(MANAGE)
def _manage(user: Any, obj: Any) -> bool:
    if not is_consultation_officer(user):
        return False
    if obj is None:
        return True
    agency_id = _agency_of(obj)
    return agency_id is not None and agency_id in agency_scope(user).below


def can_participate(user: Any) -> bool:
    return can(user, PARTICIPATE)


def ensure_can_participate(user: Any) -> None:
    ensure(user, PARTICIPATE)


def can_manage_consultation(user: Any, obj: Any = None) -> bool:
    return can(user, MANAGE, obj)


def ensure_can_manage_consultation(user: Any, obj: Any = None) -> None:
    ensure(user, MANAGE, obj)


def visible_managed_consultations(user: Any) -> QuerySet[Consultation]:
    """The consultations of the agencies ``user`` works for (none for others)."""
    if not is_consultation_officer(user):
        return Consultation.objects.none()
    return Consultation.objects.filter(draft__agency_id__in=agency_scope(user).below)


def public_consultations() -> QuerySet[Consultation]:
    """What anybody may see: every published or closed consultation."""
    return Consultation.objects.all()
