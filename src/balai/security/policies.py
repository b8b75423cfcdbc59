# SPDX-License-Identifier: EUPL-1.2
"""Who may read the security app's records; every rule denies by default.

This app sits on floor 1 and cannot import accounts: users are duck-typed
(``is_active``, ``is_staff``, ``role_names``); two-factor verification is
``security.policy.second_factor_verified``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from balai.security.models import AuditEntry
from balai.security.policy import can, ensure, rule, second_factor_verified

# Auditors (e.g. the Inspektorat) and security officers read the whole log: audit
# is a cross-agency duty, so these roles are not narrowed to the holder's agency.
AUDIT_READER_ROLES = frozenset({"auditor", "security_officer"})


def _is_audit_reader(user: Any) -> bool:
    """Active staff holding an audit role whose session passed a second factor."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and getattr(user, "is_staff", False)
        and getattr(user, "role_names", frozenset()) & AUDIT_READER_ROLES
        and second_factor_verified(user)
    )


@rule("security.view_audit")
def _view_audit(user: Any, obj: Any) -> bool:
    return _is_audit_reader(user)


@rule("security.export_audit")
def _export_audit(user: Any, obj: Any) -> bool:
    return _is_audit_reader(user)


def can_view_audit(user: Any) -> bool:
    return can(user, "security.view_audit")


def ensure_can_view_audit(user: Any) -> None:
    """Raise PermissionDenied unless ``user`` may search the audit log."""
    ensure(user, "security.view_audit")


def can_export_audit(user: Any) -> bool:
    return can(user, "security.export_audit")


def ensure_can_export_audit(user: Any) -> None:
    """Raise PermissionDenied unless ``user`` may export the audit log."""
    ensure(user, "security.export_audit")


def visible_audit_entries(user: Any) -> QuerySet[AuditEntry]:
    """The whole log for an audit reader, nothing for anyone else."""
    if can_view_audit(user):
        return AuditEntry.objects.all()
    return AuditEntry.objects.none()
