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


class WorkerHeartbeat(models.Model):
    """A running ``balai worker``: it beats every few seconds while alive.

    A task left RUNNING by a worker whose heart stopped (killed, machine lost) is
    handed back to the queue by the other workers (``balai.core.workers``).
    """

    worker_id = models.CharField(_("worker id"), max_length=64, primary_key=True)
    hostname = models.CharField(_("host name"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"))
    beat_at = models.DateTimeField(_("last heartbeat"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"


class TaskCanary(models.Model):
    """The effect of ``balai worker canary`` tasks: one row per key, its runs counted.

    Operators enqueue canaries to prove the workers end to end; the production check
    uses them to prove a task is claimed once and survives a killed worker."""

    key = models.CharField(_("key"), max_length=64, unique=True)
    runs = models.PositiveIntegerField(_("completed runs"), default=0)
    worker_id = models.CharField(_("worker id"), max_length=64, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("task canary")
        verbose_name_plural = _("task canaries")

    def __str__(self) -> str:
        return f"{self.key} ({self.runs})"
