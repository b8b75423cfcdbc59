# SPDX-License-Identifier: EUPL-1.2
"""Who manages data-sharing agreements and register API clients: system admins."""

from __future__ import annotations

from typing import Any

from balai.accounts.constants import Role
from balai.accounts.policies import has_role, is_staff_member, is_verified
from balai.security.policy import can, rule

MANAGE = "registry.manage_exchange"


@rule(MANAGE)
def _manage_exchange(user: Any, obj: Any) -> bool:
    return (
        is_staff_member(user)
        and is_verified(user)
        and has_role(user, Role.SYSTEM_ADMIN)
    )


def can_manage_exchange(user: Any) -> bool:
    return can(user, MANAGE)
