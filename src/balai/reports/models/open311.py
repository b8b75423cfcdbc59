# SPDX-License-Identifier: EUPL-1.2
"""Open311 client applications (API keys) and the tokens of batch submissions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel
from balai.security.models import ActorKind


class Open311Client(BaseModel):
    """A client application allowed to POST reports; the key is kept as SHA-256 only.

    Doubles as the audit actor of its submissions (``audit_actor_kind`` etc.).
    """

    audit_actor_kind = ActorKind.API_CLIENT
    role_names: frozenset[str] = frozenset()
    is_authenticated = True
    agency_id = None

    name = models.CharField(_("name"), max_length=120)
    key_prefix = models.CharField(_("key prefix"), max_length=12, db_index=True)
    key_digest = models.CharField(_("key digest"), max_length=64, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"


class RequestToken(BaseModel):
    """The token a POST to a ``batch`` service answers with; resolved to the report."""

    token = models.CharField(_("token"), max_length=40, unique=True)
    report = models.OneToOneField(
        "reports.Report",
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="open311_token",
    )

    class Meta:
        verbose_name = _("Open311 request token")
        verbose_name_plural = _("Open311 request tokens")

    def __str__(self) -> str:
        return self.token
