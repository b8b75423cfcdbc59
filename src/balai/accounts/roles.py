# SPDX-License-Identifier: EUPL-1.2
"""Roles are Django groups; this module keeps groups and permissions in step."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

from balai.accounts.constants import Role

# Model permissions each role holds ("app_label.codename"). Later apps extend this map
# through ``grant`` in their AppConfig.ready(); agency scope is added by policies.
ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.CITIZEN: set(),
    Role.OFFICER: set(),
    Role.AGENCY_HEAD: set(),
    Role.FINANCE_OFFICER: set(),
    Role.AUDITOR: set(),
    Role.SECURITY_OFFICER: set(),
    Role.SYSTEM_ADMIN: {
        "notifications.retry_message",
        "accounts.view_user",
        "accounts.change_user",
        "accounts.add_user",
        "accounts.view_agency",
        "accounts.change_agency",
        "accounts.add_agency",
        "accounts.view_governmentunit",
        "accounts.change_governmentunit",
        "accounts.add_governmentunit",
        "regions.view_region",
        "notifications.view_message",
    },
}


def grant(role: str, *permissions: str) -> None:
    """Let another app add model permissions to a role (applied on the next migrate)."""
    ROLE_PERMISSIONS.setdefault(role, set()).update(permissions)


def sync_roles() -> None:
    """Create every role group and give it exactly its declared permissions."""
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        wanted = ROLE_PERMISSIONS.get(role, set())
        perms = []
        for dotted in sorted(wanted):
            app_label, codename = dotted.split(".", 1)
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:
                perms.append(perm)
        group.permissions.set(perms)


def sync_roles_receiver(**kwargs: Any) -> None:
    sync_roles()
