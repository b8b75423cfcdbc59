# SPDX-License-Identifier: EUPL-1.2
"""Who may see and manage payments: revenue staff (officers and heads of the
revenue agency, ``PAYMENTS_REVENUE_AGENCY``, default ``bapenda``) and finance
officers. Paying is open to whoever holds the billing code, as at a bank."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied

from balai.accounts.constants import Role
from balai.accounts.policies import has_role, is_staff_member
from balai.security.policy import can, rule


def _revenue_staff(user: Any) -> bool:
    if not is_staff_member(user):
        return False
    if has_role(user, Role.FINANCE_OFFICER):
        return True
    agency = getattr(user, "agency", None)
    return (
        agency is not None
        and agency.code == settings.PAYMENTS["revenue_agency"]
        and (has_role(user, Role.OFFICER) or has_role(user, Role.AGENCY_HEAD))
    )


@rule("payments.manage")
def _manage(user: Any, obj: Any = None) -> bool:
    return _revenue_staff(user)


def can_manage_payments(user: Any) -> bool:
    return can(user, "payments.manage", None)


def ensure_can_manage_payments(user: Any) -> None:
    if not can_manage_payments(user):
        raise PermissionDenied("payments.manage")
