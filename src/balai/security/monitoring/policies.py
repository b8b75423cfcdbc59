# SPDX-License-Identifier: EUPL-1.2
"""Who may see and handle security alerts; every rule denies by default.

Users are duck-typed (``is_active``, ``is_staff``, ``role_names``; the second factor
through ``security.policy.second_factor_verified``): this app sits below accounts.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from balai.security.monitoring.models import SecurityAlert
from balai.security.policy import can, ensure, rule, second_factor_verified

# Watching the platform is a cross-agency duty: not narrowed to the holder's agency.
ALERT_ROLES = frozenset({"security_officer", "system_admin"})


def _is_alert_handler(user: Any) -> bool:
    """Active staff holding an alert role whose session passed a second factor."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and getattr(user, "is_staff", False)
        and getattr(user, "role_names", frozenset()) & ALERT_ROLES
        and second_factor_verified(user)
    )


@rule("security.view_alerts")
def _view_alerts(user: Any, obj: Any) -> bool:
    return _is_alert_handler(user)


@rule("security.manage_alerts")
def _manage_alerts(user: Any, obj: Any) -> bool:
    return _is_alert_handler(user)


def can_view_alerts(user: Any) -> bool:
    return can(user, "security.view_alerts")


def ensure_can_view_alerts(user: Any) -> None:
    """Raise PermissionDenied unless ``user`` may see security alerts and events."""
    ensure(user, "security.view_alerts")


def can_manage_alerts(user: Any) -> bool:
    return can(user, "security.manage_alerts")


def ensure_can_manage_alerts(user: Any) -> None:
    """Raise PermissionDenied unless ``user`` may acknowledge and resolve alerts."""
    ensure(user, "security.manage_alerts")


def visible_alerts(user: Any) -> QuerySet[SecurityAlert]:
    """Every alert for an alert handler, none for anyone else."""
    if can_view_alerts(user):
        return SecurityAlert.objects.all()
    return SecurityAlert.objects.none()
