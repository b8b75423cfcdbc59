# SPDX-License-Identifier: EUPL-1.2
"""Reads of the integration pipeline for register staff (policy-checked, audited).

Lists (batches, the review queue) hold no personal data; opening a candidate shows
both records side by side and is audited as a read of the resident with the stated
purpose, like every other register page.
"""

from __future__ import annotations

import csv
import uuid
from dataclasses import dataclass
from typing import Any, TextIO

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


LINK_COLUMNS = (
    "record_id",
    "row_number",
    "status",
    "cluster_id",
    "resident_id",
    "link",
    "match_probability",
    "candidates",
)


def batch_links_write(*, batch: ImportBatch, out: TextIO, actor: Any = None) -> int:
    """A batch's clusters and links as CSV, record ids only (no personal data).

    One line per staged record: its status, its cluster (the id of the record it
    duplicates, or its own), the resident it is linked to and how (``auto``,
    ``officer``, or ``follows`` for a duplicate linked with its cluster), and its
    pending candidates as ``resident:<id>:<p>`` / ``record:<id>:<p>`` separated by
    ``|``. Audited as an export of the batch; ``actor`` None is the command line.
    Returns the number of records written.
    """
    if actor is not None:
        policies.ensure_can_view_register(actor)
    audit.record(
        actor=actor,
        action="integration.links_export",
        target=batch,
        purpose=f"links of batch {batch.pk} (record ids only)",
    )
    merges = {
        staged: (candidate, automatic)
        for staged, candidate, automatic in Merge.objects.filter(
            staged__batch=batch, undone_at=None
        ).values_list("staged_id", "candidate_id", "automatic")
    }
    pending: dict[uuid.UUID, list[str]] = {}
    for staged, resident, other, probability in (
        MatchCandidate.objects.filter(
            staged__batch=batch, decision=CandidateDecision.PENDING
        )
        .order_by("staged_id", "-match_probability")
        .values_list("staged_id", "resident_id", "other_id", "match_probability")
    ):
        kind, target = ("resident", resident) if resident else ("record", other)
        pending.setdefault(staged, []).append(f"{kind}:{target}:{probability:.6f}")
    best = dict(
        MatchCandidate.objects.filter(staged__batch=batch)
        .exclude(decision=CandidateDecision.PENDING)
        .filter(merges__isnull=False)
        .values_list("pk", "match_probability")
    )
    writer = csv.writer(out)
    writer.writerow(LINK_COLUMNS)
    count = 0
    rows = (
        StagedRecord.objects.filter(batch=batch)
        .order_by("row_number")
        .values_list("pk", "row_number", "status", "duplicate_of_id", "resident_id")
    )
    for pk, row, status, duplicate_of, resident in rows.iterator(chunk_size=5000):
        candidate, automatic = merges.get(pk, (None, False))
        link = ""
        if resident:
            link = (
                "follows" if candidate is None else ("auto" if automatic else "officer")
            )
        linked_p = best.get(candidate) if candidate else None
        writer.writerow(
            [
                pk,
                row,
                status,
                duplicate_of or pk,
                resident or "",
                link,
                "" if linked_p is None else f"{linked_p:.6f}",
                "|".join(pending.get(pk, [])),
            ]
        )
        count += 1
    return count


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
