# SPDX-License-Identifier: EUPL-1.2
"""Reads of the integration pipeline for register staff (policy-checked, audited).

Lists (batches, the review queue) hold no personal data; opening a candidate shows
both records side by side and is audited as a read of the resident with the stated
purpose, like every other register page.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext as _

from balai.core.errors import NotFound
from balai.registry import policies
from balai.registry.integration.constants import CandidateDecision, StagedStatus
from balai.registry.integration.models import (
    FieldProvenance,
    ImportBatch,
    MatchCandidate,
    Merge,
    StagedRecord,
)
from balai.registry.models import Resident
from balai.security import audit

QUEUE_LIMIT = 200


def batch_list(actor: Any) -> QuerySet[ImportBatch]:
    """Import batches, newest first, with how many records wait for review."""
    policies.ensure_can_view_register(actor)
    return ImportBatch.objects.select_related("source").annotate(
        waiting=Count("records", filter=Q(records__status=StagedStatus.REVIEW))
    )


def batch_get(actor: Any, batch_id: uuid.UUID | str) -> ImportBatch:
    policies.ensure_can_view_register(actor)
    try:
        return ImportBatch.objects.select_related("source").get(pk=batch_id)
    except (ImportBatch.DoesNotExist, ValidationError, ValueError) as exc:
        raise NotFound(_("There is no such import batch.")) from exc


def batch_status_counts(batch: ImportBatch) -> dict[str, int]:
    rows = batch.records.values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


@dataclass(frozen=True)
class QueueItem:
    staged_id: uuid.UUID
    source: str
    batch_id: uuid.UUID
    row_number: int
    best_candidate_id: uuid.UUID
    best_probability: float
    candidates: int


def review_queue(actor: Any, *, batch: ImportBatch | None = None) -> list[QueueItem]:
    """Records waiting for review, most probable match first (no personal data)."""
    policies.ensure_can_view_register(actor)
    pending = MatchCandidate.objects.filter(
        decision=CandidateDecision.PENDING, staged__status=StagedStatus.REVIEW
    )
    if batch is not None:
        pending = pending.filter(staged__batch=batch)
    grouped = (
        pending.values(
            "staged_id",
            "staged__row_number",
            "staged__batch_id",
            "staged__batch__source__code",
        )
        .annotate(best=Max("match_probability"), n=Count("id"))
        .order_by("-best")[:QUEUE_LIMIT]
    )
    best_ids = {}
    for candidate in pending.filter(
        staged_id__in=[row["staged_id"] for row in grouped]
    ).order_by("staged_id", "-match_probability"):
        best_ids.setdefault(candidate.staged_id, candidate.pk)
    return [
        QueueItem(
            staged_id=row["staged_id"],
            source=row["staged__batch__source__code"],
            batch_id=row["staged__batch_id"],
            row_number=row["staged__row_number"],
            best_candidate_id=best_ids[row["staged_id"]],
            best_probability=row["best"],
            candidates=row["n"],
        )
        for row in grouped
    ]


@dataclass(frozen=True)
class CandidateView:
    candidate: MatchCandidate
    staged: StagedRecord
    resident: Resident | None  # a resident of the register, or …
    other: StagedRecord | None  # … an earlier record of the same batch
    others: list[MatchCandidate]  # the record's other candidates
    merges: list[Merge]  # merges of this record (to undo)


def candidate_get(
    actor: Any, candidate_id: uuid.UUID | str, *, purpose: str
) -> CandidateView:
    """One candidate with both records; audited as a read of the resident."""
    policies.ensure_can_view_register(actor)
    try:
        candidate = MatchCandidate.objects.select_related(
            "staged__batch__source", "resident__village", "other"
        ).get(pk=candidate_id)
    except (MatchCandidate.DoesNotExist, ValidationError, ValueError) as exc:
        raise NotFound(_("There is no such match candidate.")) from exc
    audit.record_read(
        actor=actor, purpose=purpose, target=candidate.resident or candidate.other
    )
    staged = candidate.staged
    others = list(staged.candidates.exclude(pk=candidate.pk).select_related("resident"))
    merges = list(staged.merges.order_by("-created_at"))
    return CandidateView(
        candidate, staged, candidate.resident, candidate.other, others, merges
    )


def merge_get(actor: Any, merge_id: uuid.UUID | str) -> Merge:
    policies.ensure_can_view_register(actor)
    try:
        return Merge.objects.select_related("staged__batch__source").get(pk=merge_id)
    except (Merge.DoesNotExist, ValidationError, ValueError) as exc:
        raise NotFound(_("There is no such merge.")) from exc


def provenance_of(resident: Resident) -> list[FieldProvenance]:
    """What each source said about a resident already read through an audited
    selector, newest first, withdrawn entries included (and marked)."""
    return list(
        FieldProvenance.objects.filter(resident=resident)
        .select_related("source", "merge")
        .order_by("field", "-observed_at")
    )


def merges_of(resident: Resident) -> list[Merge]:
    return list(
        Merge.objects.filter(resident=resident)
        .select_related("staged__batch__source")
        .order_by("-created_at")
    )
