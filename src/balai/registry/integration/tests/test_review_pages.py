# SPDX-License-Identifier: EUPL-1.2
"""The officers' review pages: queue, side by side with weights, decide, undo."""

from __future__ import annotations

import csv

from django.urls import reverse

from balai.registry.integration.constants import CandidateDecision, StagedStatus
from balai.registry.integration.importing.codes import message
from balai.registry.integration.models import Merge
from balai.registry.integration.services import merge_perform
from balai.registry.integration.tests import factories
from balai.security.models import AuditEntry

PURPOSE = "?purpose=quality"


def test_queue_lists_waiting_records_without_personal_data(officer_client, world):
    resident = world["resident"]
    record = factories.like(resident, factories.batch(), 7)
    candidate = factories.candidate(record, resident, 0.93)
    response = officer_client.get(reverse("registry-integration:review-queue"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "0,9300" in body or "0.9300" in body
    assert reverse("registry-integration:candidate-detail", args=[candidate.pk]) in body
    assert resident.full_name not in body


def test_candidate_asks_for_a_purpose_then_shows_both_records(officer_client, world):
    resident = world["resident"]
    record = factories.like(resident, factories.batch(), 1, full_name="Wahyu Hidajat")
    candidate = factories.candidate(record, resident)
    url = reverse("registry-integration:candidate-detail", args=[candidate.pk])
    first = officer_client.get(url)
    assert resident.full_name not in first.content.decode()
    reads = AuditEntry.objects.filter(action="person.read").count()

    response = officer_client.get(url + PURPOSE)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Wahyu Hidajat" in body and resident.full_name in body
    assert "Jaro-Winkler" in body  # the match weights, per comparison
    assert AuditEntry.objects.filter(action="person.read").count() == reads + 1


def test_officer_decides_from_the_page(officer_client, world):
    resident = world["resident"]
    record = factories.like(resident, factories.batch(), 1)
    candidate = factories.candidate(record, resident)
    url = reverse("registry-integration:candidate-decide", args=[candidate.pk])
    bad = officer_client.post(url + PURPOSE, {"decision": ""})
    assert bad.status_code == 400
    response = officer_client.post(url + PURPOSE, {"decision": "accept"})
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.decision == CandidateDecision.ACCEPTED


def test_undo_from_the_resident_page(officer_client, world):
    resident = world["resident"]
    record = factories.like(resident, factories.batch(), 1, phone="+62811")
    merge = merge_perform(staged=record, resident=resident, automatic=True)
    detail = reverse("registry:resident-detail", args=[resident.pk]) + PURPOSE
    page = officer_client.get(detail).content.decode()
    assert "+62811" in page  # what the source said, with its provenance
    assert reverse("registry-integration:merge-undo", args=[merge.pk]) in page
    response = officer_client.post(
        reverse("registry-integration:merge-undo", args=[merge.pk]),
        {"reason": "bukan orang yang sama", "next": detail},
    )
    assert response.status_code == 302
    assert response["Location"] == detail
    merge.refresh_from_db()
    record.refresh_from_db()
    assert merge.undone_at is not None
    assert record.status == StagedStatus.NEW


def test_undo_without_reason_changes_nothing(officer_client, world):
    resident = world["resident"]
    record = factories.like(resident, factories.batch(), 1)
    merge = merge_perform(staged=record, resident=resident, automatic=True)
    officer_client.post(
        reverse("registry-integration:merge-undo", args=[merge.pk]), {"reason": ""}
    )
    assert Merge.objects.get(pk=merge.pk).undone_at is None


def test_batch_pages_and_rejection_report(officer_client, world):
    from balai.registry.integration.models import RejectedRow

    batch = factories.batch()
    RejectedRow.objects.create(
        batch=batch,
        row_number=4,
        raw="{}",
        errors=[
            {"field": "birth_date", "code": "invalid_date"},
            # a row stored before findings were codes only, with a retired code
            {"field": "full_name", "code": "old_code", "message": "no name"},
        ],
    )
    assert (
        officer_client.get(reverse("registry-integration:batch-list")).status_code
        == 200
    )
    detail = officer_client.get(
        reverse("registry-integration:batch-detail", args=[batch.pk])
    )
    assert detail.status_code == 200
    report = officer_client.get(
        reverse("registry-integration:batch-rejections", args=[batch.pk])
    )
    lines = report.content.decode().splitlines()
    assert lines[0] == "row,field,code,message"
    # messages are translated when shown, from the stored code
    assert list(csv.reader(lines[1:])) == [
        ["4", "birth_date", "invalid_date", message("invalid_date")],
        ["4", "full_name", "old_code", "no name"],
    ]
