# SPDX-License-Identifier: EUPL-1.2
"""Sources, import batches, staged rows and rejected rows.

A batch is one file from one source. Rows are staged (normalised, validated, encrypted)
or rejected with every reason; ``(batch, row_number)`` is unique, so an interrupted
import resumes from its checkpoint without staging a row twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel
from balai.registry.integration.constants import BatchStatus, StagedStatus
from balai.security.crypto.fields import (
    BlindIndexField,
    EncryptedCharField,
    EncryptedDateField,
    EncryptedTextField,
)
from balai.security.crypto.mixins import BlindIndexMixin


class Source(BaseModel):
    """Another agency's system whose records are integrated into the register."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class ImportBatch(BaseModel):
    """One file imported from one source; ``last_row`` is the resume checkpoint."""

    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="batches",
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(_("file checksum"), max_length=64, db_index=True)
    file_format = models.CharField(_("format"), max_length=8)
    mapping = models.JSONField(_("mapping"), default=dict)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=BatchStatus.choices,
        default=BatchStatus.STAGING,
    )
    rows_total = models.PositiveIntegerField(_("rows read"), default=0)
    rows_staged = models.PositiveIntegerField(_("rows staged"), default=0)
    rows_rejected = models.PositiveIntegerField(_("rows rejected"), default=0)
    rows_warned = models.PositiveIntegerField(_("rows staged with warnings"), default=0)
    last_row = models.PositiveIntegerField(_("last row committed"), default=0)
    # village resolution: {"asked": rows naming a village, "resolved": rows given a
    # code, "unresolved": {label: rows}} (labels are place names, never people's data)
    villages = models.JSONField(_("village resolution"), default=dict, blank=True)
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
        return f"{self.source.code}:{self.file_name}"


class StagedRecord(BlindIndexMixin, BaseModel):
    """One normalised row of a batch, waiting for (or done with) linkage."""

    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("batch"),
        on_delete=models.CASCADE,
        related_name="records",
    )
    row_number = models.PositiveIntegerField(_("row number"))
    source_record_id = models.CharField(_("record id at source"), max_length=64)
    nik = EncryptedCharField(_("NIK"), max_length=16, blank=True)
    nik_index = BlindIndexField(
        "nik", "digits", verbose_name=_("NIK index"), null=True, blank=True
    )
    kk_number = EncryptedCharField(_("family card number"), max_length=16, blank=True)
    full_name = EncryptedCharField(_("full name"), max_length=150)
    birth_place = EncryptedCharField(_("place of birth"), max_length=100, blank=True)
    birth_date = EncryptedDateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, blank=True)
    address = EncryptedTextField(_("address"), max_length=300, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    village_code = models.CharField(_("village code"), max_length=13, blank=True)
    phone = EncryptedCharField(_("phone"), max_length=20, blank=True)
    # the source's own person identifier (e.g. a social security number shared by both
    # files of a linkage); compared exactly, never fuzzily, like NIK
    other_id = EncryptedCharField(_("identifier at source"), max_length=64, blank=True)
    # the row's own source system when one file holds several (a ``source`` column)
    source_system = models.CharField(_("source system"), max_length=40, blank=True)
    # non-fatal findings of the import: [{"field": "nik", "code": ...}] (translated
    # when shown: importing.codes.shown_message)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    # the original row, as JSON text, for the review screen and for audits
    raw = EncryptedTextField(_("original row"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=StagedStatus.choices,
        default=StagedStatus.STAGED,
        db_index=True,
    )
    resident = models.ForeignKey(
        "registry.Resident",
        verbose_name=_("linked resident"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # within-source deduplication: the record this one duplicates (cluster head)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
    )

    class Meta:
        verbose_name = _("staged record")
        verbose_name_plural = _("staged records")
        ordering = ["batch", "row_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "row_number"], name="integration_staged_row_once"
            )
        ]

    def __str__(self) -> str:
        return f"staged {self.batch_id}:{self.row_number}"


class RejectedRow(BaseModel):
    """A row that could not be staged, with every reason (nothing is dropped)."""

    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("batch"),
        on_delete=models.CASCADE,
        related_name="rejections",
    )
    row_number = models.PositiveIntegerField(_("row number"))
    # [{"field": "birth_date", "code": "invalid_date"}] (translated when shown)
    errors = models.JSONField(_("errors"), default=list)
    raw = EncryptedTextField(_("original row"))

    class Meta:
        verbose_name = _("rejected row")
        verbose_name_plural = _("rejected rows")
        ordering = ["batch", "row_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "row_number"], name="integration_rejected_row_once"
            )
        ]

    def __str__(self) -> str:
        return f"rejected {self.batch_id}:{self.row_number}"
