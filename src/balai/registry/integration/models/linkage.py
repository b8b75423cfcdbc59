# SPDX-License-Identifier: EUPL-1.2
"""Linkage runs, candidate pairs for review, field provenance and undoable merges."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel
from balai.registry.integration.constants import CandidateDecision
from balai.security.crypto.fields import EncryptedTextField


class LinkageRun(BaseModel):
    """One run of the linkage model over a batch, with its figures."""

    batch = models.ForeignKey(
        "registry_integration.ImportBatch",
        verbose_name=_("batch"),
        on_delete=models.CASCADE,
        related_name="runs",
    )
    model_version = models.CharField(_("model version"), max_length=40)
    upper_threshold = models.FloatField(_("automatic link from"))
    lower_threshold = models.FloatField(_("review from"))
    linked = models.PositiveIntegerField(_("linked automatically"), default=0)
    review = models.PositiveIntegerField(_("sent to review"), default=0)
    new = models.PositiveIntegerField(_("new-resident candidates"), default=0)
    duplicates = models.PositiveIntegerField(_("duplicates within source"), default=0)
    seconds = models.FloatField(_("seconds"), default=0)
    # the model as fitted to this batch: u, m and weight per level, guards applied
    model_card = models.JSONField(_("model card"), default=dict, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("linkage run")
        verbose_name_plural = _("linkage runs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"run {str(self.pk)[:8]}"


class MatchCandidate(BaseModel):
    """A staged record and a resident, or an earlier record of the same batch, that
    the model thinks may be the same person (exactly one of ``resident``/``other``)."""

    run = models.ForeignKey(
        LinkageRun, on_delete=models.CASCADE, related_name="candidates"
    )
    staged = models.ForeignKey(
        "registry_integration.StagedRecord",
        verbose_name=_("staged record"),
        on_delete=models.CASCADE,
        related_name="candidates",
    )
    resident = models.ForeignKey(
        "registry.Resident",
        verbose_name=_("resident"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    # a same-batch pair in the review band: the earlier record it may duplicate
    other = models.ForeignKey(
        "registry_integration.StagedRecord",
        verbose_name=_("earlier record of the same batch"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    match_probability = models.FloatField(_("match probability"))
    match_weight = models.FloatField(_("match weight"))
    # [{"comparison": "full_name", "level": "Jaro-Winkler >= 0.92", "weight": 4.1}, ...]
    comparisons = models.JSONField(_("comparison weights"), default=list)
    decision = models.CharField(
        _("decision"),
        max_length=10,
        choices=CandidateDecision.choices,
        default=CandidateDecision.PENDING,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("match candidate")
        verbose_name_plural = _("match candidates")
        ordering = ["-match_probability"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "staged", "resident"], name="integration_candidate_once"
            ),
            models.UniqueConstraint(
                fields=["run", "staged", "other"],
                name="integration_batch_candidate_once",
            ),
            models.CheckConstraint(
                condition=models.Q(resident__isnull=False, other__isnull=True)
                | models.Q(resident__isnull=True, other__isnull=False),
                name="integration_candidate_one_side",
            ),
        ]

    def __str__(self) -> str:
        return f"candidate {str(self.pk)[:8]}"


class Merge(BaseModel):
    """A staged record merged into a resident; ``undone_at`` set when undone.

    ``filled`` lists the register fields the merge filled from the source (that were
    empty before), so undoing it can empty them again through a correction event.
    """

    candidate = models.ForeignKey(
        MatchCandidate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merges",
    )
    staged = models.ForeignKey(
        "registry_integration.StagedRecord",
        on_delete=models.PROTECT,
        related_name="merges",
    )
    resident = models.ForeignKey(
        "registry.Resident", on_delete=models.PROTECT, related_name="+"
    )
    automatic = models.BooleanField(_("automatic"), default=False)
    filled = models.JSONField(_("fields filled"), default=list)
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    undo_reason = models.CharField(_("reason for undoing"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"merge {str(self.pk)[:8]}"


class FieldProvenance(BaseModel):
    """What one source said about one field of one resident, and when."""

    resident = models.ForeignKey(
        "registry.Resident", on_delete=models.CASCADE, related_name="+"
    )
    field = models.CharField(_("field"), max_length=40)
    value = EncryptedTextField(_("value"), blank=True)
    source = models.ForeignKey(
        "registry_integration.Source", on_delete=models.PROTECT, related_name="+"
    )
    staged = models.ForeignKey(
        "registry_integration.StagedRecord",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    merge = models.ForeignKey(
        Merge,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="provenance",
    )
    observed_at = models.DateTimeField(_("reported at"))
    # a provenance entry of an undone merge stays, marked withdrawn (history is kept)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)

    class Meta:
        verbose_name = _("field provenance")
        verbose_name_plural = _("field provenance")
        ordering = ["resident", "field", "-observed_at"]
        indexes = [models.Index(fields=["resident", "field"])]

    def __str__(self) -> str:
        return f"provenance {self.field}"
