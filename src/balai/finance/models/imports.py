# SPDX-License-Identifier: EUPL-1.2
"""Import batches of SIPD-style exports (CSV or XLSX) and their rejected rows.

A batch is one file of one kind. Rows are processed in chunks; each chunk commits its
rows, its rejections and the checkpoint ``last_row`` together, so an interrupted
import resumes after the last committed chunk.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel
from balai.finance.constants import BatchStatus, ImportKind
from balai.finance.models.budget import BudgetVersion


class ImportBatch(BaseModel):
    """One imported file; ``last_row`` is the resume checkpoint (a file row number)."""

    kind = models.CharField(_("kind"), max_length=10, choices=ImportKind.choices)
    version = models.ForeignKey(
        BudgetVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(_("file checksum"), max_length=64, db_index=True)
    file_format = models.CharField(_("format"), max_length=8)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=BatchStatus.choices,
        default=BatchStatus.RUNNING,
    )
    rows_total = models.PositiveIntegerField(_("rows read"), default=0)
    rows_created = models.PositiveIntegerField(_("rows created"), default=0)
    rows_updated = models.PositiveIntegerField(_("rows updated"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("rows unchanged"), default=0)
    rows_rejected = models.PositiveIntegerField(_("rows rejected"), default=0)
    last_row = models.PositiveIntegerField(_("last row committed"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind}:{self.file_name}"


class ImportRejection(BaseModel):
    """One reason a row was refused (row number as in the file, column, reason)."""

    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("batch"),
        on_delete=models.CASCADE,
        related_name="rejections",
    )
    row_number = models.PositiveIntegerField(_("row number"))
    field = models.CharField(_("column"), max_length=40)
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("rejected row")
        verbose_name_plural = _("rejected rows")
        ordering = ["batch", "row_number", "field"]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row_number}:{self.field}"
