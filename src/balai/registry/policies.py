# SPDX-License-Identifier: EUPL-1.2
"""Who may use the population register: Disdukcapil officers and heads, with 2FA.

Register staff are verified (second factor) officers or agency heads of the identity
agency (``settings.IDENTITY_AGENCY_CODE``) or of an agency beneath it, such as a
district UPT. Everyone else, citizens and other agencies' staff alike, is refused.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from balai.accounts.constants import Role
from balai.accounts.policies import has_role, is_staff_member, is_verified
from balai.accounts.selectors import agency_scope
from balai.registry.models import Family, Resident
from balai.security.policy import can, ensure, rule

REGISTER_ROLES = (Role.OFFICER, Role.AGENCY_HEAD)
VIEW = "registry.view_register"
RECORD = "registry.record_event"


def in_identity_agency(user: Any) -> bool:
    """The user's agency is the identity agency or lies beneath it (the ``above``
    direction of ``accounts.selectors.agency_scope``: a district UPT of Disdukcapil
    keeps the Dinas' register)."""
    return settings.IDENTITY_AGENCY_CODE in agency_scope(user).above_codes


def is_register_staff(user: Any) -> bool:
    """Verified officer or head of the identity agency (or one of its units)."""
    return (
        is_staff_member(user)
        and is_verified(user)
        and any(has_role(user, role) for role in REGISTER_ROLES)
        and in_identity_agency(user)
    )


@rule(VIEW)
def _view_register(user: Any, obj: Any) -> bool:
    return is_register_staff(user)


@rule(RECORD)
def _record_event(user: Any, obj: Any) -> bool:
    return is_register_staff(user)


def ensure_can_view_register(user: Any) -> None:
    ensure(user, VIEW)


def ensure_can_record_event(user: Any) -> None:
    ensure(user, RECORD)


def can_record_event(user: Any) -> bool:
    return can(user, RECORD)


def visible_residents(user: Any) -> QuerySet[Resident]:
    """Every resident for register staff; nobody for anyone else."""
    if is_register_staff(user):
        return Resident.objects.all()
    return Resident.objects.none()


def visible_families(user: Any) -> QuerySet[Family]:
    if is_register_staff(user):
        return Family.objects.all()
    return Family.objects.none()
