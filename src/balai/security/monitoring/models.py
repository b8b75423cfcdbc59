# SPDX-License-Identifier: EUPL-1.2
"""Security events and the alerts that rules raise from them.

Neither model holds personal data in clear: a username appears only masked
(``s***@contoh.id``) with a keyed digest for grouping, and an alert's resolution note
is encrypted. Rows are written only by ``balai.security.monitoring.services``.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from balai.security.crypto.fields import EncryptedTextField
from balai.security.monitoring.constants import (
    ACTIVE_STATUSES,
    AlertStatus,
    EventKind,
    RuleCode,
    Severity,
    alert_title,
)


class SecurityAlert(models.Model):
    """What a rule raised; repeated triggers of a dedup key update one active alert."""

    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    rule = models.CharField(_("rule"), max_length=40, choices=RuleCode.choices)
    target = models.CharField(
        _("target"),
        max_length=120,
        blank=True,
        help_text=_("Masked username, IP address, user id prefix or key id."),
    )
    title = models.CharField(_("title"), max_length=200)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AlertStatus.choices,
        default=AlertStatus.OPEN,
    )
    dedup_key = models.CharField(_("deduplication key"), max_length=200)
    event_filter = models.JSONField(
        _("event filter"),
        default=dict,
        blank=True,
        help_text=_("Which security events belong to this alert (kind and group)."),
    )
    window_start = models.DateTimeField(_("events counted from"))
    first_seen = models.DateTimeField(_("first seen"))
    last_seen = models.DateTimeField(_("last seen"))
    event_count = models.PositiveIntegerField(_("event count"), default=1)
    acknowledged_by_id = models.UUIDField(
        _("acknowledged by (user id)"), null=True, blank=True
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    resolved_by_id = models.UUIDField(_("resolved by (user id)"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution_note = EncryptedTextField(
        _("resolution note"),
        blank=True,
        context="security.SecurityAlert.resolution_note",
    )

    class Meta:
        verbose_name = _("security alert")
        verbose_name_plural = _("security alerts")
        ordering = ["-last_seen"]
        default_permissions = ("view",)
        indexes = [
            models.Index(
                fields=["status", "severity", "last_seen"],
                name="security_alert_status_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dedup_key"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="security_alert_one_active_per_key",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        """The title in the active language (the stored one is English)."""
        return alert_title(self.rule, self.target) if self.target else self.title

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class SecurityEvent(models.Model):
    """One security-relevant occurrence: who (masked), from where, what kind."""

    id = models.BigAutoField(_("id"), primary_key=True)
    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    kind = models.CharField(_("kind"), max_length=24, choices=EventKind.choices)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    actor_id = models.UUIDField(_("actor id"), null=True, blank=True)
    username_hint = models.CharField(
        _("username (masked)"),
        max_length=120,
        blank=True,
        help_text=_("Masked, e.g. s***@contoh.id; never the full identifier."),
    )
    username_key = models.CharField(
        _("username digest"),
        max_length=64,
        blank=True,
        help_text=_("Keyed digest of the username, to group attempts on one account."),
    )
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    path = models.CharField(_("path"), max_length=200, blank=True)
    details = models.JSONField(
        _("details"),
        default=dict,
        blank=True,
        help_text=_("Codes and counts only; never personal data."),
    )

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-id"]
        default_permissions = ("view",)
        indexes = [
            models.Index(
                fields=["kind", "username_key", "occurred_at"],
                name="security_event_user_idx",
            ),
            models.Index(
                fields=["kind", "ip", "occurred_at"], name="security_event_ip_idx"
            ),
            models.Index(
                fields=["kind", "actor_id", "occurred_at"],
                name="security_event_actor_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind}"
