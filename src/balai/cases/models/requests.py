# SPDX-License-Identifier: EUPL-1.2
"""An officer's request for a revision or more information, and the answer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel
from balai.security.crypto.fields import EncryptedTextField


class InformationRequest(BaseModel):
    application = models.ForeignKey(
        "cases.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="information_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = EncryptedTextField(_("what is needed"))
    # requirement codes the officer asks to upload again (may be empty)
    requirement_codes = models.JSONField(_("documents asked for"), default=list)
    answer = EncryptedTextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"request {str(self.pk)[:8]}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None
