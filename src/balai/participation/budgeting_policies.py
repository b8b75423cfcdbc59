# SPDX-License-Identifier: EUPL-1.2
"""Who may do what in Musrenbang and participatory budgeting.

- Citizens with an account file proposals and support them; only *verified* citizen
  accounts (a NIK and a confirmed e-mail or phone) may vote in a budgeting round,
  once per round.
- Officers review the level they work: the village level is worked by verified
  officers and heads of a kelurahan/desa office, the district level by those of a
  kecamatan office, the regency/city level by those of the planning agency
  (``PARTICIPATION_PLANNING_AGENCY_CODE``, ``bappeda`` by default) or of the agency
  the proposal is addressed to. System administrators (verified) may act at any
  level, as may be needed when an office has no staff in Balai yet.
- Planning staff (regency level) open and close budgeting rounds; they and finance
  officers link accepted proposals to budget items.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from balai.accounts.constants import AgencyKind, Role
from balai.accounts.policies import has_role, is_staff_member, is_verified
from balai.participation.budgeting_states import DESA, KABUPATEN, KECAMATAN, LEVEL_OF
from balai.security.policy import can, ensure, rule

REVIEW_ROLES = (Role.OFFICER, Role.AGENCY_HEAD)
PROPOSE = "participation.propose"
SUPPORT = "participation.support_proposal"
REVIEW = "participation.review_proposal"
VOTE = "participation.vote_budget"
MANAGE = "participation.manage_budget_rounds"
LINK = "participation.link_budget"


def planning_agency_code() -> str:
    return str(getattr(settings, "PARTICIPATION_PLANNING_AGENCY_CODE", "bappeda"))


def _verified_staff(user: Any) -> bool:
    return is_staff_member(user) and is_verified(user)


def _is_admin(user: Any) -> bool:
    return _verified_staff(user) and has_role(user, Role.SYSTEM_ADMIN)


def _reviewer(user: Any) -> bool:
    return (
        _verified_staff(user)
        and any(has_role(user, role) for role in REVIEW_ROLES)
        and getattr(user, "agency_id", None) is not None
    )


def levels_of(user: Any) -> list[str]:
    """The levels whose queue ``user`` works (empty for everybody else)."""
    if _is_admin(user):
        return [DESA, KECAMATAN, KABUPATEN]
    if not _reviewer(user):
        return []
    agency = user.agency
    if agency.kind == AgencyKind.KELURAHAN:
        return [DESA]
    if agency.kind == AgencyKind.KECAMATAN:
        return [KECAMATAN]
    return [KABUPATEN]


def is_planner(user: Any) -> bool:
    if _is_admin(user):
        return True
    agency = getattr(user, "agency", None)
    return (
        _reviewer(user) and agency is not None and agency.code == planning_agency_code()
    )


def is_verified_citizen(user: Any) -> bool:
    """A signed-in citizen with a NIK and a confirmed e-mail address or phone."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and not user.is_staff
        and user.nik
        and (user.email_verified_at or user.phone_verified_at)
    )


@rule(PROPOSE)
def _propose(user: Any, obj: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and not user.is_staff


@rule(SUPPORT)
def _support(user: Any, obj: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and not user.is_staff


@rule(REVIEW)
def _review(user: Any, obj: Any) -> bool:
    levels = levels_of(user)
    if obj is None:
        return bool(levels)
    level = LEVEL_OF.get(str(obj.status), obj.level)
    if level not in levels:
        return False
    if level == KABUPATEN and not (_is_admin(user) or is_planner(user)):
        # an agency other than planning reviews the proposals addressed to it
        return obj.agency_id is not None and obj.agency_id == user.agency_id
    return True


@rule(VOTE)
def _vote(user: Any, obj: Any) -> bool:
    return is_verified_citizen(user)


@rule(MANAGE)
def _manage(user: Any, obj: Any) -> bool:
    return is_planner(user)


@rule(LINK)
def _link(user: Any, obj: Any) -> bool:
    return is_planner(user) or (
        _verified_staff(user) and has_role(user, Role.FINANCE_OFFICER)
    )


def can_review(user: Any, proposal: Any = None) -> bool:
    return can(user, REVIEW, proposal)


def ensure_can_review(user: Any, proposal: Any = None) -> None:
    ensure(user, REVIEW, proposal)


def ensure_can_propose(user: Any) -> None:
    ensure(user, PROPOSE)


def ensure_can_support(user: Any) -> None:
    ensure(user, SUPPORT)


def can_vote(user: Any) -> bool:
    return can(user, VOTE)


def ensure_can_vote(user: Any) -> None:
    ensure(user, VOTE)


def can_manage_rounds(user: Any) -> bool:
    return can(user, MANAGE)


def ensure_can_manage_rounds(user: Any) -> None:
    ensure(user, MANAGE)


def can_link_budget(user: Any) -> bool:
    return can(user, LINK)


def ensure_can_link_budget(user: Any) -> None:
    ensure(user, LINK)
