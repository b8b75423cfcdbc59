# SPDX-License-Identifier: EUPL-1.2
"""Choices, rule codes and error codes of security monitoring."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOCKOUT = "lockout", _("Lockout")
    TWO_FACTOR_FAILED = "two_factor_failed", _("Two-factor failure")
    PERMISSION_DENIED = "permission_denied", _("Permission denied")
    EXPORT = "export", _("Export")
    MASS_READ = "mass_read", _("Many person-record reads")
    KEY_ROTATION = "key_rotation", _("Key rotation")
    AUDIT_VERIFY_FAILED = "audit_verify_failed", _("Audit chain verification failed")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    INFO = "info", _("Information")
    WARNING = "warning", _("Warning")
    CRITICAL = "critical", _("Critical")


SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.CRITICAL: 2}


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESOLVED = "resolved", _("Resolved")


# An alert in one of these statuses absorbs new triggers of its dedup key.
ACTIVE_STATUSES = (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED)

DEFAULT_EVENT_SEVERITY = {
    EventKind.LOGIN_FAILED: Severity.INFO,
    EventKind.LOCKOUT: Severity.WARNING,
    EventKind.TWO_FACTOR_FAILED: Severity.INFO,
    EventKind.PERMISSION_DENIED: Severity.INFO,
    EventKind.EXPORT: Severity.INFO,
    EventKind.MASS_READ: Severity.CRITICAL,
    EventKind.KEY_ROTATION: Severity.INFO,
    EventKind.AUDIT_VERIFY_FAILED: Severity.CRITICAL,
    EventKind.OTHER: Severity.INFO,
}


class RuleCode(models.TextChoices):
    LOGIN_FAILURES = "login_failures", _("Repeated failed logins")
    LOCKOUT = "lockout", _("Lockout")
    TWO_FACTOR_FAILURES = "two_factor_failures", _("Repeated two-factor failures")
    PERMISSION_DENIALS = "permission_denials", _("Repeated permission denials")
    EXPORT_VOLUME = "export_volume", _("Many exports in a day")
    MASS_READ = "mass_read", _("Many person-record reads")
    KEY_ROTATION = "key_rotation", _("Key rotation")
    AUDIT_CHAIN_BROKEN = "audit_chain_broken", _("Audit chain broken")


# Alert titles by rule; ``target`` is a masked username, an IP address, the start of
# a user id or a key id (never a name, email, phone number or NIK).
RULE_TITLES = {
    RuleCode.LOGIN_FAILURES: _("Repeated failed logins (%(target)s)"),
    RuleCode.LOCKOUT: _("Login locked out (%(target)s)"),
    RuleCode.TWO_FACTOR_FAILURES: _("Repeated two-factor failures (user %(target)s)"),
    RuleCode.PERMISSION_DENIALS: _("Repeated permission denials (%(target)s)"),
    RuleCode.EXPORT_VOLUME: _("Unusually many exports today (%(target)s)"),
    RuleCode.MASS_READ: _("Unusually many person-record reads (user %(target)s)"),
    RuleCode.KEY_ROTATION: _("Encryption keys rotated (active key %(target)s)"),
    RuleCode.AUDIT_CHAIN_BROKEN: _(
        "Audit chain verification failed (entry %(target)s)"
    ),
}


def alert_title(rule: str, target: str) -> str:
    """The alert title of ``rule`` for ``target`` in the active language."""
    template = RULE_TITLES.get(rule)  # type: ignore[call-overload]
    if template is None:
        return target
    return str(template) % {"target": target}


# Error codes (BalaiError.code)
ALERT_NOT_ACTIVE = "alert_not_active"
ALERT_NOT_OPEN = "alert_not_open"
RESOLUTION_NOTE_REQUIRED = "resolution_note_required"
