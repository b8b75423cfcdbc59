# SPDX-License-Identifier: EUPL-1.2
"""Who may use the officer console: verified staff (officers, agency heads, system
administrators). Citizens and anonymous callers use the chat; a conversation of a
signed-in citizen is theirs alone (``selectors.conversation_for``)."""

from __future__ import annotations

from typing import Any

from balai.accounts.constants import Role
from balai.accounts.policies import has_role, is_staff_member, is_verified
from balai.security.policy import ensure, rule

ROLES = (Role.OFFICER, Role.AGENCY_HEAD, Role.SYSTEM_ADMIN)
CONSOLE = "assistant.use_console"


def is_assistant_staff(user: Any) -> bool:
    return (
        is_staff_member(user)
        and is_verified(user)
        and any(has_role(user, role) for role in ROLES)
    )


@rule(CONSOLE)
def _use_console(user: Any, obj: Any) -> bool:
    return is_assistant_staff(user)


def ensure_can_use_console(user: Any) -> None:
    ensure(user, CONSOLE)
