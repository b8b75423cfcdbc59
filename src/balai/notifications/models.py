# SPDX-License-Identifier: EUPL-1.2
"""The outbox: every e-mail, SMS and WhatsApp message Balai sends."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel
from balai.notifications.constants import Channel, Language, Status
from balai.security.crypto.fields import EncryptedCharField, EncryptedTextField


class Message(BaseModel):
    """One rendered message to one recipient, with its delivery state.

    ``recipient`` is personal data: it never appears in ``__str__``, logs or
    ``last_error``; screens show ``privacy.mask_recipient`` instead. Recipient and
    body (names, one-time codes) are encrypted at rest.
    """

    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    recipient = EncryptedCharField(_("recipient"), max_length=254)
    user_id = models.UUIDField(_("user id"), null=True, blank=True)
    template = models.CharField(_("template"), max_length=64)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=Language.choices,
        default=Language.INDONESIAN,
    )
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = EncryptedTextField(_("body"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("maximum attempts"), default=5)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    provider_message_id = models.CharField(
        _("provider message id"), max_length=255, blank=True
    )
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("The body is redacted once the message is sent or given up."),
    )

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["status", "next_attempt_at"], name="notif_message_due_idx"
            ),
            models.Index(
                fields=["user_id", "-created_at"], name="notif_message_user_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_attempts__gte=1),
                name="notif_message_max_attempts_positive",
            ),
        ]
        permissions = [("retry_message", _("Can retry delivery of a message"))]

    def __str__(self) -> str:
        return f"{self.channel}:{self.template} {self.pk} ({self.status})"
