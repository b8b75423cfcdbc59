# SPDX-License-Identifier: EUPL-1.2
"""Who may see the tax roll and run assessments: the revenue agency's officers and
heads (``TAX["payer_agency"]``, default ``bapenda``) and finance officers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied

from balai.accounts.constants import Role
from balai.accounts.policies import has_role, is_staff_member
from balai.security.policy import can, rule


@rule("tax.manage")
def _manage(user: Any, obj: Any = None) -> bool:
    if not is_staff_member(user):
        return False
    if has_role(user, Role.FINANCE_OFFICER):
        return True
    agency = getattr(user, "agency", None)
    return (
        agency is not None
        and agency.code == settings.TAX["payer_agency"]
        and (has_role(user, Role.OFFICER) or has_role(user, Role.AGENCY_HEAD))
    )


def can_manage_taxes(user: Any) -> bool:
    return can(user, "tax.manage", None)


def ensure_can_manage_taxes(user: Any) -> None:
    if not can_manage_taxes(user):
        raise PermissionDenied("tax.manage")
