# SPDX-License-Identifier: EUPL-1.2
"""Who may do what with the regional budget and journal.

Finance officers (BPKAD) and system administrators keep the code lists, budgets and
the journal; leaders (agency heads), finance officers and auditors read the leaders'
dashboard. Every staff rule needs a session verified with the second factor. The
public portal needs no rule: it shows only aggregated, non-personal figures.
"""

from __future__ import annotations

from typing import Any

from balai.accounts.constants import Role
from balai.accounts.policies import has_role, is_staff_member, is_verified
from balai.security.policy import ensure, rule

MANAGE = "finance.manage_budget"
POST = "finance.post_entry"
VIEW = "finance.view_dashboard"

KEEPERS = (Role.FINANCE_OFFICER, Role.SYSTEM_ADMIN)
READERS = (Role.AGENCY_HEAD, Role.FINANCE_OFFICER, Role.AUDITOR, Role.SYSTEM_ADMIN)


def _verified_with(user: Any, roles: tuple[str, ...]) -> bool:
    return (
        is_staff_member(user)
        and is_verified(user)
        and any(has_role(user, role) for role in roles)
    )


@rule(MANAGE)
def _manage_budget(user: Any, obj: Any) -> bool:
    return _verified_with(user, KEEPERS)


@rule(POST)
def _post_entry(user: Any, obj: Any) -> bool:
    return _verified_with(user, KEEPERS)


@rule(VIEW)
def _view_dashboard(user: Any, obj: Any) -> bool:
    return _verified_with(user, READERS)


def can_view_dashboard(user: Any) -> bool:
    return _view_dashboard(user, None) if user is not None else False


def can_manage_budget(user: Any) -> bool:
    return _manage_budget(user, None) if user is not None else False


def ensure_can_manage_budget(user: Any) -> None:
    ensure(user, MANAGE)


def ensure_can_post_entry(user: Any) -> None:
    ensure(user, POST)


def ensure_can_view_dashboard(user: Any) -> None:
    ensure(user, VIEW)
