# SPDX-License-Identifier: EUPL-1.2
"""Life events: what happened (kind, date), who recorded it, who it concerns, proof.

``details`` holds codes and ids only (never personal data); free text such as a
correction's reason goes into the encrypted ``note``. The exact date is encrypted too
(a birth's date is the person's birth date); ``event_month`` stays plain for monthly
statistics. Supporting documents live in the private storage under random names.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel
from balai.core.storage import private_storage, uuid_name
from balai.registry.constants import DOCUMENT_KINDS, EventKind, ParticipantRole
from balai.security.crypto.fields import EncryptedDateField, EncryptedTextField


class LifeEvent(BaseModel):
    """One event recorded in the register (birth, death, move, marriage, ...)."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=EventKind.choices, db_index=True
    )
    event_date = EncryptedDateField(_("date of the event"))
    event_month = models.DateField(
        _("month of the event"), help_text=_("The first day of the event's month.")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.UUIDField(_("recorded by (user id)"), null=True, blank=True)
    residents = models.ManyToManyField(
        "registry.Resident",
        verbose_name=_("residents"),
        through="registry.LifeEventParticipant",
        related_name="events",
    )
    details = models.JSONField(_("details"), default=dict, blank=True)
    note = EncryptedTextField(_("note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("life event")
        verbose_name_plural = _("life events")
        ordering = ["-recorded_at"]
        indexes = [models.Index(fields=["kind", "event_month"])]

    def __str__(self) -> str:
        return f"{self.kind} {str(self.pk)[:8]}"


class LifeEventParticipant(BaseModel):
    """A resident's part in an event (the person concerned, a parent, a spouse)."""

    event = models.ForeignKey(
        LifeEvent,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    resident = models.ForeignKey(
        "registry.Resident",
        verbose_name=_("resident"),
        on_delete=models.PROTECT,
        related_name="event_parts",
    )
    role = models.CharField(_("role"), max_length=16, choices=ParticipantRole.choices)

    class Meta:
        verbose_name = _("event participant")
        verbose_name_plural = _("event participants")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "resident"], name="registry_participant_once"
            )
        ]

    def __str__(self) -> str:
        return f"participant {str(self.pk)[:8]} ({self.role})"


def event_document_path(instance: LifeEventDocument, filename: str) -> str:
    """A random name in the private storage; the uploader's file name is dropped."""
    return uuid_name("registry/events", filename, allowed=("pdf", "jpg", "png"))


class LifeEventDocument(BaseModel):
    """A supporting document of an event (certificate, letter, statement)."""

    event = models.ForeignKey(
        LifeEvent,
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    file = models.FileField(
        _("file"),
        upload_to=event_document_path,
        storage=private_storage,
        max_length=200,
    )
    kind = models.CharField(
        _("file type"), max_length=8, choices=[(k, k) for k in DOCUMENT_KINDS]
    )
    size = models.PositiveIntegerField(_("size in bytes"))

    class Meta:
        verbose_name = _("event document")
        verbose_name_plural = _("event documents")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"document {str(self.pk)[:8]}"
