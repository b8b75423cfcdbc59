# SPDX-License-Identifier: EUPL-1.2
"""Merging a staged record into a resident, reviewing candidates, undoing merges.

A merge links the record to the resident and writes one provenance entry per field
the source reported ("BPJS said this address on that date"). When an officer (never
the automatic linker) accepts a match, fields the register lacks (place of birth,
address) are filled from the source through the register's correction event, and the
merge remembers which. Undoing withdraws the provenance, empties the filled fields
again when nobody changed them since, and sends the record back to review.
Records that duplicate the merged one within its batch follow it both ways.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError, Conflict
from balai.registry import policies
from balai.registry.integration.constants import CandidateDecision, StagedStatus
from balai.registry.integration.models import (
    FieldProvenance,
    MatchCandidate,
    Merge,
    StagedRecord,
)
from balai.registry.models import Resident
from balai.registry.services.events.corrections import data_correct
from balai.security import audit

# staged field → how the source's value is written in provenance
PROVENANCE_FIELDS = (
    "nik",
    "kk_number",
    "full_name",
    "birth_place",
    "birth_date",
    "sex",
    "address",
    "rt",
    "rw",
    "village_code",
    "phone",
)
# register fields an officer's merge may fill when the register has none
FILLABLE = ("birth_place", "address")
MAX_REASON = 300


class DecisionError(BalaiError):
    code = "invalid_decision"


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _provenance(merge: Merge, record: StagedRecord) -> None:
    observed = record.batch.created_at
    FieldProvenance.objects.bulk_create(
        FieldProvenance(
            resident_id=merge.resident_id,
            field=name,
            value=_text(getattr(record, name)),
            source_id=record.batch.source_id,
            staged=record,
            merge=merge,
            observed_at=observed,
        )
        for name in PROVENANCE_FIELDS
        if _text(getattr(record, name))
    )


def _fill(actor: Any, resident: Resident, record: StagedRecord) -> list[str]:
    changes = {
        name: getattr(record, name)
        for name in FILLABLE
        if getattr(record, name) and not getattr(resident, name)
    }
    if not changes:
        return []
    data_correct(
        actor=actor,
        resident=resident,
        changes=changes,
        reason=_("Filled in from %(source)s (register integration).")
        % {"source": record.batch.source.name},
    )
    return sorted(changes)


def _link(
    record: StagedRecord,
    resident: Resident,
    *,
    actor: Any,
    candidate: MatchCandidate | None,
    automatic: bool,
    filled: list[str],
) -> Merge:
    record.resident = resident
    record.status = StagedStatus.LINKED
    record.save(update_fields=["resident", "status", "updated_at"])
    merge = Merge.objects.create(
        candidate=candidate,
        staged=record,
        resident=resident,
        automatic=automatic,
        filled=filled,
        performed_by=actor if getattr(actor, "pk", None) else None,
    )
    _provenance(merge, record)
    return merge


@transaction.atomic
def merge_perform(
    *,
    staged: StagedRecord,
    resident: Resident,
    actor: Any = None,
    candidate: MatchCandidate | None = None,
    automatic: bool = False,
) -> Merge:
    """Link ``staged`` (and its within-batch duplicates) to ``resident``."""
    if not automatic:
        policies.ensure_can_record_event(actor)
    record = StagedRecord.objects.select_for_update().get(pk=staged.pk)
    if record.resident_id is not None:
        raise Conflict(
            _("This record is already linked to a resident."), code="already_linked"
        )
    filled = [] if automatic else _fill(actor, resident, record)
    merge = _link(
        record,
        resident,
        actor=actor,
        candidate=candidate,
        automatic=automatic,
        filled=filled,
    )
    for duplicate in record.duplicates.filter(resident__isnull=True):
        _link(
            duplicate,
            resident,
            actor=actor,
            candidate=None,
            automatic=True,
            filled=[],
        )
    now = timezone.now()
    if candidate is not None:
        candidate.decision = (
            CandidateDecision.AUTO if automatic else CandidateDecision.ACCEPTED
        )
        candidate.decided_by = actor if getattr(actor, "pk", None) else None
        candidate.decided_at = now
        candidate.save(update_fields=["decision", "decided_by", "decided_at"])
    record.candidates.filter(
        decision=CandidateDecision.PENDING, resident__isnull=False
    ).update(
        decision=CandidateDecision.REJECTED,
        decided_at=now,
        reason=_("Another resident was chosen."),
    )
    record.candidates.filter(
        decision=CandidateDecision.PENDING, other__isnull=False
    ).update(
        decision=CandidateDecision.REJECTED,
        decided_at=now,
        reason=_("The record was linked to a resident."),
    )
    audit.record(
        actor=actor,
        action="integration.merge",
        target=resident,
        purpose=f"integration {record.batch.source.code}",
        changes=filled,
    )
    return merge


def _unlink(merge: Merge, *, actor: Any, reason: str, now: Any) -> None:
    merge.undone_at = now
    merge.undone_by = actor
    merge.undo_reason = reason
    merge.save(update_fields=["undone_at", "undone_by", "undo_reason", "updated_at"])
    merge.provenance.update(withdrawn=True)
    record = merge.staged
    pending = record.candidates.filter(decision=CandidateDecision.PENDING).exists()
    record.resident = None
    record.status = StagedStatus.REVIEW if pending else StagedStatus.NEW
    if record.duplicate_of_id:
        record.status = StagedStatus.DUPLICATE
    record.save(update_fields=["resident", "status", "updated_at"])


@transaction.atomic
def merge_undo(merge: Merge, *, actor: Any, reason: str) -> Merge:
    """Undo a merge (an officer's, with a reason); the register keeps its history."""
    policies.ensure_can_record_event(actor)
    reason = (reason or "").strip()[:MAX_REASON]
    if not reason:
        raise DecisionError(
            _("State why the merge is undone."),
            field_errors={"reason": [_("State why the merge is undone.")]},
        )
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise Conflict(_("This merge was already undone."), code="already_undone")
    resident = Resident.objects.get(pk=merge.resident_id)
    record = merge.staged
    revert = {
        name: ""
        for name in merge.filled
        if _text(getattr(resident, name)) == _text(getattr(record, name))
    }
    if revert:
        data_correct(
            actor=actor,
            resident=resident,
            changes=revert,
            reason=_("Undoing a register-integration merge: %(reason)s")
            % {"reason": reason},
        )
    if merge.candidate_id:
        MatchCandidate.objects.filter(pk=merge.candidate_id).update(
            decision=CandidateDecision.UNDONE, reason=reason
        )
    # candidates set aside only because this one was chosen are open again
    MatchCandidate.objects.filter(
        staged=record, decision=CandidateDecision.REJECTED, decided_by__isnull=True
    ).exclude(resident_id=merge.resident_id).update(
        decision=CandidateDecision.PENDING, decided_at=None, reason=""
    )
    now = timezone.now()
    _unlink(merge, actor=actor, reason=reason, now=now)
    followers = Merge.objects.filter(
        staged__duplicate_of=record, resident_id=merge.resident_id, undone_at=None
    )
    for follower in followers:
        _unlink(follower, actor=actor, reason=reason, now=now)
    audit.record(
        actor=actor,
        action="integration.unmerge",
        target=resident,
        purpose=reason,
        changes=sorted(revert),
    )
    return merge


def _follow(candidate: MatchCandidate, *, actor: Any) -> None:
    """An officer says a record repeats an earlier record of its batch: it (and the
    records following it) become duplicates of that record's cluster head, and are
    linked to its resident when it already has one."""
    record = StagedRecord.objects.select_for_update().get(pk=candidate.staged_id)
    other = StagedRecord.objects.select_for_update().get(pk=str(candidate.other_id))
    head = other.duplicate_of if other.duplicate_of_id else other
    assert head is not None  # duplicate_of_id was checked
    if head.pk == record.pk:
        raise Conflict(
            _("This record cannot duplicate itself."), code="already_decided"
        )
    now = timezone.now()
    followers = list(record.duplicates.filter(resident__isnull=True))
    record.status = StagedStatus.DUPLICATE
    record.duplicate_of = head
    record.save(update_fields=["status", "duplicate_of", "updated_at"])
    record.duplicates.update(duplicate_of=head)
    candidate.decision = CandidateDecision.ACCEPTED
    candidate.decided_by = actor
    candidate.decided_at = now
    candidate.reason = ""
    candidate.save(update_fields=["decision", "decided_by", "decided_at", "reason"])
    record.candidates.filter(decision=CandidateDecision.PENDING).update(
        decision=CandidateDecision.REJECTED,
        decided_at=now,
        reason=_("The record repeats an earlier record of its batch."),
    )
    if head.resident_id is not None:
        resident = Resident.objects.get(pk=head.resident_id)
        for item in [record, *followers]:
            _link(
                item,
                resident,
                actor=actor,
                candidate=candidate if item is record else None,
                automatic=False,
                filled=[],
            )
    audit.record(
        actor=actor,
        action="integration.follow",
        target=record,
        purpose=f"integration {record.batch.source.code}",
        changes=["duplicate_of"],
    )


@transaction.atomic
def candidate_decide(
    candidate: MatchCandidate, *, actor: Any, decision: str, reason: str = ""
) -> MatchCandidate:
    """An officer's decision on one candidate: "accept" (same person) or "reject".

    Accepting a resident merges the record into it; accepting an earlier record of
    the same batch makes the record its duplicate (following it to its resident)."""
    policies.ensure_can_record_event(actor)
    candidate = MatchCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.decision != CandidateDecision.PENDING:
        raise Conflict(_("This candidate was already decided."), code="already_decided")
    if decision == "accept" and candidate.other_id is not None:
        _follow(candidate, actor=actor)
    elif decision == "accept":
        assert candidate.resident is not None  # one side is always set
        merge_perform(
            staged=candidate.staged,
            resident=candidate.resident,
            actor=actor,
            candidate=candidate,
        )
    elif decision == "reject":
        candidate.decision = CandidateDecision.REJECTED
        candidate.decided_by = actor
        candidate.decided_at = timezone.now()
        candidate.reason = (reason or "").strip()[:MAX_REASON]
        candidate.save(update_fields=["decision", "decided_by", "decided_at", "reason"])
        record = candidate.staged
        if not record.candidates.filter(decision=CandidateDecision.PENDING).exists():
            record.status = StagedStatus.NEW
            record.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            action="integration.reject",
            target=candidate.resident or candidate.other,
            purpose=candidate.reason or "integration review",
        )
    else:
        raise DecisionError(
            _("Choose whether the records are the same person."),
            field_errors={"decision": [_("Choose a decision.")]},
        )
    candidate.refresh_from_db()
    return candidate
