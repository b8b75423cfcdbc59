# SPDX-License-Identifier: EUPL-1.2
"""Base models shared by every Balai app."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimestampedModel(models.Model):
    """Creation and update times, set by the database layer, never by hand."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class BaseModel(TimestampedModel):
    """A UUID primary key (safe in public URLs) plus timestamps."""

    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True
