# SPDX-License-Identifier: EUPL-1.2
"""The timeline of an application: one row per step, never changed afterwards."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.cases.constants import Action, Status
from balai.security.crypto.fields import EncryptedTextField


class Transition(models.Model):
    """A step: who did what, from which status to which, why and when."""

    id = models.BigAutoField(primary_key=True)
    application = models.ForeignKey(
        "cases.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    from_status = models.CharField(
        _("from"), max_length=20, choices=Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_role = models.CharField(_("in the role of"), max_length=20)
    # the catalog step of the approval chain a sign-off or approval signed
    step_code = models.CharField(_("approval step"), max_length=80, blank=True)
    reason = EncryptedTextField(_("reason"), blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("application step")
        verbose_name_plural = _("application steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status} -> {self.to_status}"
