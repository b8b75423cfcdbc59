# SPDX-License-Identifier: EUPL-1.2
"""Pairs within one batch: the review band reaches the officers, clusters never chain.

An outside evaluation found that same-batch pairs scored between the review and the
automatic threshold were silently dropped (their records became "new resident"
candidates). They must wait in the review queue exactly like batch-to-register pairs,
and an officer's decision must make the later record follow the earlier one.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

import pytest

from balai.registry.integration.constants import CandidateDecision, StagedStatus
from balai.registry.integration.linkage import load_model
from balai.registry.integration.models import StagedRecord
from balai.registry.integration.selectors import review_queue
from balai.registry.integration.services import (
    batch_link,
    candidate_decide,
    merge_perform,
)
from balai.registry.integration.services.linking import _clusters
from balai.registry.integration.tests import factories
from balai.security.models import AuditEntry

PURPOSE = "?purpose=quality"
SUTRISNO = {
    "nik": "3273052708850003",
    "kk_number": "3273051204100007",
    "full_name": "Sutrisno Hadi Wibowo",
    "birth_date": dt.date(1985, 8, 27),
    "birth_place": "Bandung",
    "sex": "M",
    "address": "Jl. Kenanga No. 12",
    "rt": "003",
    "rw": "005",
    "village_code": "32.73.05.1001",
    "phone": "+6281234567890",
}
# the same man without NIK, family card, address or village, his last name cut short:
# the shipped model puts this pair in the review band (≈ 0.87)
SHORTENED = {
    **SUTRISNO,
    "nik": "",
    "kk_number": "",
    "full_name": "Sutrisno Hadi W",
    "address": "",
    "rt": "",
    "rw": "",
    "village_code": "",
    "phone": "",
}


def _pair_batch():
    batch = factories.batch()
    first = factories.staged(batch, 1, **SUTRISNO)
    second = factories.staged(batch, 2, **SHORTENED)
    return batch, first, second


def test_a_same_batch_pair_in_the_review_band_waits_for_an_officer(world):
    batch, first, second = _pair_batch()

    run = batch_link(batch)

    first.refresh_from_db()
    second.refresh_from_db()
    assert run.review == 1 and run.new == 1 and run.duplicates == 0
    assert second.status == StagedStatus.REVIEW
    assert first.status == StagedStatus.NEW
    candidate = second.candidates.get()
    assert candidate.other_id == first.pk and candidate.resident_id is None
    assert run.lower_threshold <= candidate.match_probability < run.upper_threshold
    assert candidate.comparisons  # the weights are shown as for a resident
    queued = review_queue(world["officer"])
    assert [item.best_candidate_id for item in queued] == [candidate.pk]
    # two records are too few to fit the model: the card says the shipped one scored
    assert run.model_card["fitted"] is False and run.model_card["records"] == 2


def test_accepting_a_same_batch_pair_makes_the_record_follow(world):
    batch, first, second = _pair_batch()
    batch_link(batch)
    candidate = StagedRecord.objects.get(pk=second.pk).candidates.get()
    officer = world["officer"]

    candidate_decide(candidate, actor=officer, decision="accept")

    second.refresh_from_db()
    assert second.status == StagedStatus.DUPLICATE
    assert second.duplicate_of_id == first.pk
    assert AuditEntry.objects.filter(action="integration.follow").count() == 1
    # when the earlier record is merged into a resident, the follower goes with it
    merge_perform(
        staged=StagedRecord.objects.get(pk=first.pk),
        resident=world["resident"],
        actor=officer,
    )
    second.refresh_from_db()
    assert second.resident_id == world["resident"].pk


def test_accepting_when_the_earlier_record_is_linked_links_at_once(world):
    batch, first, second = _pair_batch()
    batch_link(batch)
    officer = world["officer"]
    merge_perform(
        staged=StagedRecord.objects.get(pk=first.pk),
        resident=world["resident"],
        actor=officer,
    )
    candidate = StagedRecord.objects.get(pk=second.pk).candidates.get()

    candidate_decide(candidate, actor=officer, decision="accept")

    second.refresh_from_db()
    assert second.status == StagedStatus.LINKED
    assert second.resident_id == world["resident"].pk
    assert second.merges.get().candidate_id == candidate.pk


def test_rejecting_a_same_batch_pair_leaves_a_new_resident_candidate(world):
    batch, _first, second = _pair_batch()
    batch_link(batch)
    candidate = StagedRecord.objects.get(pk=second.pk).candidates.get()

    candidate_decide(candidate, actor=world["officer"], decision="reject")

    second.refresh_from_db()
    candidate.refresh_from_db()
    assert candidate.decision == CandidateDecision.REJECTED
    assert second.status == StagedStatus.NEW and second.duplicate_of_id is None


def test_the_review_page_shows_both_records_of_the_batch(officer_client):
    batch, _first, second = _pair_batch()
    batch_link(batch)
    candidate = StagedRecord.objects.get(pk=second.pk).candidates.get()
    url = reverse("registry-integration:candidate-detail", args=[candidate.pk])

    response = officer_client.get(url + PURPOSE)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Sutrisno Hadi Wibowo" in body and "Sutrisno Hadi W<" in body
    decided = officer_client.post(
        reverse("registry-integration:candidate-decide", args=[candidate.pk]) + PURPOSE,
        {"decision": "accept"},
    )
    assert decided.status_code == 302
    second.refresh_from_db()
    assert second.status == StagedStatus.DUPLICATE


@pytest.fixture(scope="module")
def classify():
    return load_model().classify


def _pair(a: str, b: str, probability: float, *, capped: bool = False) -> dict:
    return {"staged": a, "other": b, "probability": probability, "capped": capped}


def test_clusters_do_not_chain_two_people_through_a_third(classify):
    rows = {"a": 1, "b": 2, "c": 3}
    # a–b and b–c strong, a–c never scored (or below the review threshold)
    heads = _clusters([_pair("a", "b", 0.999), _pair("b", "c", 0.995)], rows, classify)
    assert heads == {"b": "a"}  # c stays apart; b joined the stronger side
    # with a–c in the review band the three are one cluster
    heads = _clusters(
        [_pair("a", "b", 0.999), _pair("b", "c", 0.995), _pair("a", "c", 0.5)],
        rows,
        classify,
    )
    assert heads == {"b": "a", "c": "a"}
    # a household-capped pair (twins) across clusters keeps them apart
    heads = _clusters(
        [
            _pair("a", "b", 0.999),
            _pair("b", "c", 0.995),
            _pair("a", "c", 0.65, capped=True),
        ],
        rows,
        classify,
    )
    assert heads == {"b": "a"}


def test_links_are_written_set_based_and_exported(world, tmp_path):
    """Auto-links write candidates, merges, provenance and audit in bulk; a duplicate
    follows its head; ``balai registry links`` exports ids only, audited."""
    from io import StringIO

    from django.core.management import call_command

    from balai.registry.integration.models import FieldProvenance, Merge

    resident = world["resident"]
    batch = factories.batch()
    head = factories.like(resident, batch, 1, phone="+6281234567890")
    repeat = factories.like(resident, batch, 2)
    stranger = factories.staged(batch, 3, **SUTRISNO)

    run = batch_link(batch)

    head.refresh_from_db()
    repeat.refresh_from_db()
    assert (run.linked, run.duplicates, run.new) == (1, 1, 1)
    assert head.status == StagedStatus.LINKED and head.resident_id == resident.pk
    assert repeat.status == StagedStatus.LINKED
    assert (repeat.duplicate_of_id, repeat.resident_id) == (head.pk, resident.pk)
    merge = head.merges.get()
    assert merge.automatic and merge.candidate.decision == CandidateDecision.AUTO
    assert repeat.merges.get().candidate_id is None
    phones = FieldProvenance.objects.filter(staged=head, field="phone")
    assert [p.value for p in phones] == ["+6281234567890"]
    assert Merge.objects.filter(staged__batch=batch).count() == 2
    assert AuditEntry.objects.filter(
        action="integration.merge", subject_id=resident.pk
    ).exists()

    path = tmp_path / "links.csv"
    call_command(
        "registry", "links", str(batch.pk)[:8], "--output", str(path), stderr=StringIO()
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("record_id,row_number,status,cluster_id,resident_id")
    assert len(lines) == 4
    assert f"{head.pk},1,linked,{head.pk},{resident.pk},auto," in lines[1]
    assert f"{repeat.pk},2,linked,{head.pk},{resident.pk},follows" in lines[2]
    assert lines[3].startswith(f"{stranger.pk},3,new,{stranger.pk},,")
    assert resident.full_name not in path.read_text(encoding="utf-8")
    assert AuditEntry.objects.filter(action="integration.links_export").count() == 1


def test_a_duplicate_of_a_new_record_is_written_alone(world):
    """Records are written by their key alone: the duplicate takes its head and its
    status, the head its own status, and another batch's rows are left as they were."""
    batch = factories.batch()
    first = factories.staged(batch, 1, **SUTRISNO)
    second = factories.staged(batch, 2, **SUTRISNO)
    other = factories.staged(factories.batch(), 1, **SUTRISNO)

    run = batch_link(batch)

    first.refresh_from_db()
    second.refresh_from_db()
    other.refresh_from_db()
    assert (run.new, run.duplicates, run.linked) == (1, 1, 0)
    assert (first.status, first.duplicate_of_id) == (StagedStatus.NEW, None)
    assert second.status == StagedStatus.DUPLICATE
    assert (second.duplicate_of_id, second.resident_id) == (first.pk, None)
    assert second.updated_at >= run.created_at
    assert other.status == StagedStatus.STAGED and other.updated_at < run.created_at
