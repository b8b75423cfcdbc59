# SPDX-License-Identifier: EUPL-1.2
"""The tamper-evident audit log: append-only entries in an HMAC chain, and its head.

Entries are written only by ``balai.security.audit.record``, in the caller's
transaction and without touching any shared row; a short sealing step
(``balai.security.audit.seal``) later gives each its place in the chain (``seq``,
``prev_hash``, the final ``entry_hash``). The model, its QuerySet and (since migration
0002) database triggers refuse every other update and every delete.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditLogAppendOnly(Exception):
    """Raised on any attempt to change or remove an audit entry through Django."""


def _refuse(what: str) -> NoReturn:
    raise AuditLogAppendOnly(f"The audit log is append-only: {what} is refused.")


class ActorKind(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    STAFF = "staff", _("Staff")
    API_CLIENT = "api_client", _("API client")
    SYSTEM = "system", _("System")
    ANONYMOUS = "anonymous", _("Anonymous")


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    """Reads only: bulk writes would bypass the chain, updates and deletes break it."""

    def update(self, **kwargs: Any) -> NoReturn:
        _refuse("update()")

    def delete(self) -> NoReturn:
        _refuse("delete()")

    def bulk_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse("bulk_create()")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse("bulk_update()")

    def update_or_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse("update_or_create()")


class AuditEntry(models.Model):
    """One event: who (actor, agency, role) did what (action) to which object, why."""

    id = models.BigAutoField(_("sequence number"), primary_key=True)
    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    actor_id = models.UUIDField(_("actor id"), null=True, blank=True, db_index=True)
    actor_kind = models.CharField(_("actor kind"), max_length=12, choices=ActorKind)
    agency_id = models.UUIDField(_("agency id"), null=True, blank=True, db_index=True)
    role = models.CharField(_("role"), max_length=120, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    subject_id = models.UUIDField(
        _("data subject id"), null=True, blank=True, db_index=True
    )
    purpose = models.TextField(_("purpose"), blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    # Chain version 4: the keyed digest of ``ip`` that the hash covers, so the
    # address itself can be purged after RETENTION_IP_DAYS (balai.security.retention).
    ip_digest = models.CharField(
        _("IP address digest"),
        max_length=64,
        blank=True,
        default="",
        db_default="",
        editable=False,
    )
    changes = models.JSONField(
        _("changed fields"),
        default=list,
        blank=True,
        help_text=_("Names of the fields that changed; never their values."),
    )
    # Set when the entry is sealed into the chain (empty/None until then).
    seq = models.BigIntegerField(_("chain position"), null=True, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True)
    # Before sealing: the HMAC of the entry itself (so a row added or changed
    # without the key is refused by the sealer); after: the chain hash.
    entry_hash = models.CharField(_("entry hash"), max_length=64)
    chain_version = models.PositiveSmallIntegerField(
        _("chain version"), default=4, editable=False
    )
    # Which of the log's hash chains the entry is sealed into (``AUDIT_CHAINS``; one
    # chain per shard at national scale, docs/scaling.md). Chain 1 is the default.
    chain = models.PositiveSmallIntegerField(
        _("chain"), default=1, db_default=1, editable=False
    )

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-id"]
        # Nobody may hold add/change/delete permissions on the log; viewing is decided
        # by the security.view_audit policy.
        default_permissions = ("view",)
        indexes = [
            models.Index(
                fields=["object_type", "object_id"], name="security_audit_object_idx"
            ),
            # Security monitoring counts person reads per actor within a time window.
            models.Index(
                fields=["action", "occurred_at", "actor_id"],
                name="security_audit_action_time_idx",
            ),
            # The sealer and `audit verify` find the entries not sealed yet.
            models.Index(
                fields=["id"],
                name="security_audit_unsealed_idx",
                condition=models.Q(seq__isnull=True),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "seq"],
                name="security_audit_chain_seq_unique",
                condition=models.Q(seq__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse("changing a saved entry")
        kwargs["force_insert"] = True
        kwargs.pop("force_update", None)
        kwargs.pop("update_fields", None)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse("deleting an entry")


class AuditHead(models.Model):
    """One row per hash chain (its id is the chain number; chain 1 is the default)
    holding the chain's last position and hash.

    Only the sealer locks a head row, briefly and in its own transaction, so sealed
    entries get gap-free positions within their chain; verification compares each
    head with the table to notice a truncated tail.
    """

    SINGLETON_ID = 1  # the default chain's head (the only one with AUDIT_CHAINS=1)

    id = models.PositiveSmallIntegerField(
        _("id"), primary_key=True, default=SINGLETON_ID
    )
    last_seq = models.BigIntegerField(_("last chain position"), default=0)
    last_hash = models.CharField(
        _("last entry hash"), max_length=64, default=GENESIS_HASH
    )

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id__gte=1), name="security_audithead_chain"
            )
        ]

    def __str__(self) -> str:
        return f"audit head {self.pk} #{self.last_seq}"


# Security monitoring's models live in their own module; importing them here is what
# registers them with the app.
from balai.security.monitoring.models import (  # noqa: E402, F401
    SecurityAlert,
    SecurityEvent,
)
