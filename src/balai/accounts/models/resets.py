# SPDX-License-Identifier: EUPL-1.2
"""Password resets: a one-time code (and, by e-mail, a link); only hashes are kept."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.accounts.constants import Channel
from balai.core.models import BaseModel


class PasswordReset(BaseModel):
    """One reset request: single-use, expiring, a few wrong codes at most."""

    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="password_resets",
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    code_hash = models.CharField(_("code hash"), max_length=128)
    link_digest = models.CharField(
        _("link digest"), max_length=64, unique=True, null=True, blank=True
    )
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("password reset")
        verbose_name_plural = _("password resets")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"password reset {str(self.pk)[:8]}"

    @property
    def audit_subject_id(self) -> object:
        return self.user_id
