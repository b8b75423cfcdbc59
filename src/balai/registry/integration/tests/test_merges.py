# SPDX-License-Identifier: EUPL-1.2
"""Review decisions, merges with provenance, and undoing them."""

from __future__ import annotations

import pytest

from balai.core.errors import Conflict
from balai.registry.integration.constants import CandidateDecision, StagedStatus
from balai.registry.integration.models import FieldProvenance, Merge
from balai.registry.integration.services import (
    candidate_decide,
    merge_perform,
    merge_undo,
)
from balai.registry.integration.services.merges import DecisionError
from balai.registry.integration.tests import factories
from balai.registry.tests.factories import registered
from balai.security.models import AuditEntry


@pytest.fixture
def blank_place(world):
    """The resident has no place of birth in the register (a source may fill it)."""
    from balai.registry.services import data_correct

    return data_correct(
        actor=world["officer"],
        resident=world["resident"],
        changes={"birth_place": ""},
        reason="uji",
    )


def test_accept_merges_with_provenance_and_fills_empty_fields(world, blank_place):
    resident = blank_place
    batch = factories.batch()
    record = factories.like(resident, batch, 1, birth_place="Garut", phone="+628123")
    candidate = factories.candidate(record, resident)
    version = resident.version

    decided = candidate_decide(candidate, actor=world["officer"], decision="accept")

    assert decided.decision == CandidateDecision.ACCEPTED
    record.refresh_from_db()
    resident.refresh_from_db()
    assert record.status == StagedStatus.LINKED
    assert record.resident_id == resident.pk
    assert resident.birth_place == "Garut"  # filled: the register had none
    assert resident.version == version + 1  # through a correction event
    merge = Merge.objects.get(staged=record)
    assert merge.filled == ["birth_place"]
    said = {p.field: p.value for p in FieldProvenance.objects.filter(merge=merge)}
    assert said["phone"] == "+628123"
    assert said["full_name"] == resident.full_name
    assert said["birth_date"] == resident.birth_date.isoformat()
    assert all(
        p.source.code == "bpjs" for p in FieldProvenance.objects.filter(merge=merge)
    )
    assert AuditEntry.objects.filter(action="integration.merge").exists()


def test_merge_never_overwrites_register_data(world):
    resident = world["resident"]
    batch = factories.batch()
    record = factories.like(resident, batch, 1, address="Jalan Lain 99")
    candidate_decide(
        factories.candidate(record, resident), actor=world["officer"], decision="accept"
    )
    resident.refresh_from_db()
    assert resident.address != "Jalan Lain 99"
    assert Merge.objects.get(staged=record).filled == []


def test_reject_last_candidate_makes_a_new_resident_candidate(world):
    resident = world["resident"]
    record = factories.like(resident, factories.batch(), 1, full_name="Orang Lain")
    candidate = factories.candidate(record, resident)
    candidate_decide(
        candidate, actor=world["officer"], decision="reject", reason="beda orang"
    )
    record.refresh_from_db()
    candidate.refresh_from_db()
    assert candidate.decision == CandidateDecision.REJECTED
    assert candidate.reason == "beda orang"
    assert record.status == StagedStatus.NEW


def test_accepting_one_candidate_sets_the_others_aside(world):
    officer = world["officer"]
    first = world["resident"]
    second = registered(officer, full_name="Wahyu Hidajat", nik=None)
    record = factories.like(first, factories.batch(), 1)
    chosen = factories.candidate(record, first, 0.97)
    other = factories.candidate(record, second, 0.8)
    candidate_decide(chosen, actor=officer, decision="accept")
    other.refresh_from_db()
    assert other.decision == CandidateDecision.REJECTED
    with pytest.raises(Conflict):
        candidate_decide(other, actor=officer, decision="accept")


def test_undo_withdraws_provenance_reverts_filled_fields_and_reopens_review(
    world, blank_place
):
    officer = world["officer"]
    resident = blank_place
    second = registered(officer, full_name="Wahyu Hidajat")
    record = factories.like(resident, factories.batch(), 1, birth_place="Garut")
    chosen = factories.candidate(record, resident, 0.97)
    other = factories.candidate(record, second, 0.8)
    candidate_decide(chosen, actor=officer, decision="accept")
    merge = Merge.objects.get(staged=record)

    merge_undo(merge, actor=officer, reason="salah orang")

    merge.refresh_from_db()
    record.refresh_from_db()
    resident.refresh_from_db()
    chosen.refresh_from_db()
    other.refresh_from_db()
    assert merge.undone_at is not None
    assert merge.undone_by == officer
    assert resident.birth_place == ""  # the filled field is empty again
    assert record.resident_id is None
    assert record.status == StagedStatus.REVIEW  # the other candidate is open again
    assert chosen.decision == CandidateDecision.UNDONE
    assert other.decision == CandidateDecision.PENDING
    assert all(p.withdrawn for p in FieldProvenance.objects.filter(merge=merge))
    assert AuditEntry.objects.filter(action="integration.unmerge").exists()
    with pytest.raises(Conflict):
        merge_undo(merge, actor=officer, reason="lagi")


def test_undo_keeps_a_later_correction(world, blank_place):
    from balai.registry.services import data_correct

    officer = world["officer"]
    resident = blank_place
    record = factories.like(resident, factories.batch(), 1, birth_place="Garut")
    candidate_decide(
        factories.candidate(record, resident), actor=officer, decision="accept"
    )
    resident.refresh_from_db()
    data_correct(
        actor=officer, resident=resident, changes={"birth_place": "Cimahi"}, reason="x"
    )
    merge_undo(Merge.objects.get(staged=record), actor=officer, reason="salah")
    resident.refresh_from_db()
    assert resident.birth_place == "Cimahi"


def test_undo_needs_a_reason_and_a_register_officer(world):
    from django.core.exceptions import PermissionDenied

    from balai.accounts.tests.factories import UserFactory

    resident = world["resident"]
    record = factories.like(resident, factories.batch(), 1)
    merge = merge_perform(staged=record, resident=resident, automatic=True)
    with pytest.raises(DecisionError):
        merge_undo(merge, actor=world["officer"], reason="  ")
    with pytest.raises(PermissionDenied):
        merge_undo(merge, actor=UserFactory(), reason="bukan")


def test_duplicates_within_the_batch_follow_their_first_record(world):
    officer = world["officer"]
    resident = world["resident"]
    batch = factories.batch()
    head = factories.like(resident, batch, 1)
    twin_row = factories.like(
        resident, batch, 2, status=StagedStatus.DUPLICATE, duplicate_of=head
    )
    candidate_decide(
        factories.candidate(head, resident), actor=officer, decision="accept"
    )
    twin_row.refresh_from_db()
    assert twin_row.resident_id == resident.pk
    assert twin_row.status == StagedStatus.LINKED
    merge_undo(Merge.objects.get(staged=head), actor=officer, reason="salah")
    twin_row.refresh_from_db()
    assert twin_row.resident_id is None
    assert twin_row.status == StagedStatus.DUPLICATE


def test_unknown_decision_is_refused(world):
    record = factories.like(world["resident"], factories.batch(), 1)
    with pytest.raises(DecisionError):
        candidate_decide(
            factories.candidate(record, world["resident"]),
            actor=world["officer"],
            decision="maybe",
        )
