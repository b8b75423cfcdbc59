# SPDX-License-Identifier: EUPL-1.2
"""Citizens' requests to correct their data (UU 27/2022 Art. 6)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.accounts.constants import (
    CORRECTION_RESPONSE_HOURS,
    CorrectionDecision,
    CorrectionItem,
    CorrectionStatus,
)
from balai.accounts.models.agencies import Agency
from balai.accounts.models.users import User
from balai.core.models import BaseModel
from balai.core.storage import private_storage, uuid_name
from balai.security.crypto.fields import (
    EncryptedTextField,
)


def correction_document_path(instance: DataCorrectionRequest, filename: str) -> str:
    """A random name in the private storage; the uploader's file name is dropped."""
    return uuid_name("corrections", filename, allowed=("pdf", "jpg", "png"))


class DataCorrectionRequest(BaseModel):
    """A person's request to correct their data (UU 27/2022 Art. 6).

    It lands in the queue of the agency responsible for identity data; without one it
    waits in triage for a system administrator. ``history`` lists each status change
    (status, time, kind of actor) without naming officers; the audit log has the rest.
    """

    requester = models.ForeignKey(
        User,
        verbose_name=_("requester"),
        on_delete=models.PROTECT,
        related_name="correction_requests",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("responsible agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction_requests",
    )
    item = models.CharField(
        _("data item"), max_length=16, choices=CorrectionItem.choices
    )
    requested_value = EncryptedTextField(_("correct value"), max_length=500)
    explanation = EncryptedTextField(_("explanation"), max_length=2000, blank=True)
    document = models.FileField(
        _("supporting document"),
        upload_to=correction_document_path,
        storage=private_storage,
        max_length=200,
        blank=True,
    )
    document_kind = models.CharField(_("document type"), max_length=8, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CorrectionStatus.choices,
        default=CorrectionStatus.SUBMITTED,
    )
    decision = models.CharField(
        _("decision"), max_length=16, choices=CorrectionDecision.choices, blank=True
    )
    decision_reason = EncryptedTextField(_("reason"), max_length=2000, blank=True)
    handled_by = models.ForeignKey(
        User,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    history = models.JSONField(_("status history"), default=list, blank=True)

    class Meta:
        verbose_name = _("data correction request")
        verbose_name_plural = _("data correction requests")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["agency", "status", "created_at"],
                name="accounts_correction_queue_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(status=CorrectionStatus.RESOLVED)
                    & Q(decision__in=CorrectionDecision.values)
                )
                | (~Q(status=CorrectionStatus.RESOLVED) & Q(decision="")),
                name="accounts_correction_decided_iff_resolved",
            ),
        ]

    def __str__(self) -> str:
        return f"correction {str(self.pk)[:8]} ({self.status})"

    @property
    def audit_subject_id(self) -> uuid.UUID:
        """The person whose data this request is about (for audit entries)."""
        return self.requester_id

    @property
    def reference(self) -> str:
        """A short reference people can quote (the start of the UUID)."""
        return str(self.pk)[:8].upper()

    @property
    def is_open(self) -> bool:
        return self.status != CorrectionStatus.RESOLVED

    @property
    def due_at(self) -> dt.datetime:
        """When the 3 x 24-hour response period of UU 27/2022 ends."""
        return self.created_at + dt.timedelta(hours=CORRECTION_RESPONSE_HOURS)

    @property
    def is_overdue(self) -> bool:
        return self.is_open and timezone.now() > self.due_at
