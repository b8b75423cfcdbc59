# SPDX-License-Identifier: EUPL-1.2
"""Who may do what with polls.

Anyone reads published polls (open or closed) and their results once the poll's rules
allow. Agency officers and heads, with a verified second factor, create, open and
close the polls of their agency (and of the units beneath it). Voting is for
signed-in citizens; *eligibility* (a NIK-verified account, age, residence) is decided
by the poll service against the population register, not here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from balai.accounts.constants import Role
from balai.accounts.policies import has_role, is_staff_member, is_verified
from balai.accounts.selectors import agency_scope
from balai.participation.models import Poll
from balai.security.policy import can, ensure, rule

MANAGE = "participation.manage_polls"
VOTE = "participation.vote_in_poll"
OFFICER_ROLES = (Role.OFFICER, Role.AGENCY_HEAD)


def is_poll_officer(user: Any) -> bool:
    return (
        is_staff_member(user)
        and is_verified(user)
        and getattr(user, "agency_id", None) is not None
        and any(has_role(user, role) for role in OFFICER_ROLES)
    )


@rule(MANAGE)
def _manage_polls(user: Any, obj: Any) -> bool:
    if not is_poll_officer(user):
        return False
    if obj is None:
        return True
    return isinstance(obj, Poll) and obj.agency_id in agency_scope(user).below


@rule(VOTE)
def _vote_in_poll(user: Any, obj: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and not getattr(
        user, "is_staff", False
    )


def can_manage_polls(user: Any, poll: Poll | None = None) -> bool:
    return can(user, MANAGE, poll)


def ensure_can_manage_polls(user: Any, poll: Poll | None = None) -> None:
    ensure(user, MANAGE, poll)


def can_vote(user: Any, poll: Poll | None = None) -> bool:
    return can(user, VOTE, poll)


def ensure_can_vote(user: Any, poll: Poll | None = None) -> None:
    ensure(user, VOTE, poll)


def visible_polls(user: Any) -> QuerySet[Poll]:
    """Published polls for everyone; an officer also sees their agencies' drafts."""
    public = Poll.objects.exclude(status=Poll.Status.DRAFT)
    if is_poll_officer(user):
        return Poll.objects.filter(agency_id__in=agency_scope(user).below) | public
    return public


def managed_polls(user: Any) -> QuerySet[Poll]:
    if not is_poll_officer(user):
        return Poll.objects.none()
    return Poll.objects.filter(agency_id__in=agency_scope(user).below)
