# SPDX-License-Identifier: EUPL-1.2
"""What the register knew about a person, version by version (transaction time).

Each change to a resident closes the open version (``valid_to``) and opens the next
one with a snapshot of every attribute, so "what did we know on D" is one indexed
query. The snapshot is personal data: encrypted JSON.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel
from balai.security.crypto.fields import EncryptedTextField


class ResidentVersion(BaseModel):
    """One version of a resident's record, valid in the register from/to a time."""

    resident = models.ForeignKey(
        "registry.Resident",
        verbose_name=_("resident"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    version = models.PositiveIntegerField(_("version"))
    valid_from = models.DateTimeField(_("recorded from"))
    valid_to = models.DateTimeField(_("recorded until"), null=True, blank=True)
    snapshot = EncryptedTextField(_("snapshot"))
    caused_by = models.ForeignKey(
        "registry.LifeEvent",
        verbose_name=_("caused by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="versions",
    )

    class Meta:
        verbose_name = _("resident version")
        verbose_name_plural = _("resident versions")
        ordering = ["resident", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "version"], name="registry_version_unique"
            ),
            models.UniqueConstraint(
                fields=["resident"],
                condition=Q(valid_to__isnull=True),
                name="registry_one_open_version",
            ),
        ]
        indexes = [models.Index(fields=["resident", "valid_from"])]

    def __str__(self) -> str:
        return f"resident version {self.version}"

    @property
    def data(self) -> dict[str, Any]:
        """The decrypted snapshot as a dict."""
        return json.loads(self.snapshot) if self.snapshot else {}
