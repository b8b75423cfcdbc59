# SPDX-License-Identifier: EUPL-1.2
"""Applying: drafts, uploads, submission, numbers, idempotency, receipts."""

from __future__ import annotations

import re

import pytest

from balai.cases import services
from balai.cases.constants import Action, Status
from balai.cases.models import Application, Transition
from balai.cases.services.numbering import number_allocate
from balai.cases.tests.support import (
    big_pdf,
    birth_answers,
    birth_service,
    draft,
    pdf,
    png,
    submitted,
    text_file,
)
from balai.core.errors import BalaiError
from balai.security.models import AuditEntry


def test_submit_gives_a_number_a_due_date_a_timeline_and_a_receipt(
    world, outbox, on_commit
):
    with on_commit(execute=True):
        application = submitted(world)
    assert re.fullmatch(r"PMH-\d{4}-\d{6}", application.number)
    assert application.status == Status.SUBMITTED
    assert application.sla_due > application.submitted_at.date()
    actions = list(application.transitions.values_list("action", flat=True))
    assert actions == [Action.CREATE, Action.SUBMIT]
    assert any(application.number in m.subject for m in outbox)
    assert "diterima" in outbox[-1].subject  # the citizen's language: Indonesian


def test_answers_are_encrypted_at_rest(world):
    application = draft(world)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT answers FROM cases_application WHERE id = %s",
            [application.pk.hex]
            if connection.vendor == "sqlite"
            else [str(application.pk)],
        )
        raw = cursor.fetchone()[0]
    assert world.mother.nik not in raw
    assert "Putri" not in raw
    assert Application.objects.get(pk=application.pk).answers["child_name"] == (
        "Putri Ayu Lestari"
    )


def test_the_same_idempotency_key_creates_one_draft(world):
    first = draft(world, key="abc123")
    second = draft(world, key="abc123")
    assert first.pk == second.pk
    assert Application.objects.filter(applicant=world.citizen).count() == 1


def test_submitting_twice_with_the_same_token_submits_once(world):
    application = draft(world)
    for code in ("surat-keterangan-lahir", "kartu-keluarga"):
        services.document_upload(
            actor=world.citizen,
            application=application,
            requirement_code=code,
            file=pdf(),
        )
    first = services.application_submit(
        actor=world.citizen, application=application, submit_key="tok-1"
    )
    again = services.application_submit(
        actor=world.citizen, application=application, submit_key="tok-1"
    )
    assert again.number == first.number
    assert (
        Transition.objects.filter(application=application, action=Action.SUBMIT).count()
        == 1
    )
    with pytest.raises(BalaiError) as excinfo:
        services.application_submit(
            actor=world.citizen, application=application, submit_key="other"
        )
    assert excinfo.value.code == "invalid_transition"


def test_submit_refuses_missing_required_documents(world):
    application = draft(world)
    with pytest.raises(BalaiError) as excinfo:
        services.application_submit(actor=world.citizen, application=application)
    assert excinfo.value.code == "documents_missing"
    assert set(excinfo.value.field_errors) == {
        "surat-keterangan-lahir",
        "kartu-keluarga",
    }
    application.refresh_from_db()
    assert application.status == Status.DRAFT and application.number is None


def test_invalid_answers_are_refused_with_field_errors(world):
    with pytest.raises(BalaiError) as excinfo:
        services.application_start(
            actor=world.citizen,
            service=birth_service(),
            answers=birth_answers(world, child_name="", birth_order=0),
        )
    assert excinfo.value.code == "invalid_answers"
    assert "birth_order" in excinfo.value.field_errors


def test_an_upload_of_the_wrong_type_is_refused(world):
    application = draft(world)
    with pytest.raises(BalaiError) as excinfo:
        services.document_upload(
            actor=world.citizen,
            application=application,
            requirement_code="kartu-keluarga",
            file=text_file(),
        )
    assert excinfo.value.code == "upload_wrong_type"
    assert application.documents.count() == 0


def test_an_upload_larger_than_the_requirement_allows_is_refused(world):
    application = draft(world)
    with pytest.raises(BalaiError) as excinfo:
        services.document_upload(
            actor=world.citizen,
            application=application,
            requirement_code="kartu-keluarga",
            file=big_pdf(5 * 1024 * 1024 + 1),
        )
    assert excinfo.value.code == "upload_too_large"


def test_a_new_upload_supersedes_the_previous_one(world):
    application = draft(world)
    for file in (pdf(), png()):
        services.document_upload(
            actor=world.citizen,
            application=application,
            requirement_code="kartu-keluarga",
            file=file,
        )
    current = application.documents.get(is_current=True)
    assert current.content_type == "image/png"
    assert application.documents.count() == 2


def test_nobody_else_uploads_to_a_citizens_draft(world):
    from django.core.exceptions import PermissionDenied

    application = draft(world)
    with pytest.raises(PermissionDenied):
        services.document_upload(
            actor=world.other_citizen,
            application=application,
            requirement_code="kartu-keluarga",
            file=pdf(),
        )


def test_staff_cannot_apply(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.application_start(
            actor=world.officer, service=birth_service(), answers=birth_answers(world)
        )


def test_numbers_count_up_per_year(db):
    assert number_allocate(2031) == "PMH-2031-000001"
    assert number_allocate(2031) == "PMH-2031-000002"
    assert number_allocate(2032) == "PMH-2032-000001"


def test_every_step_is_audited(world):
    application = submitted(world)
    actions = set(
        AuditEntry.objects.filter(object_id=str(application.pk)).values_list(
            "action", flat=True
        )
    )
    assert {"application.create", "application.upload", "application.submit"} <= actions


def test_withdrawing_a_submitted_application(world, outbox, on_commit):
    application = submitted(world)
    with on_commit(execute=True):
        services.application_withdraw(
            actor=world.citizen, application=application, reason="salah isi"
        )
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    assert "dibatalkan" in outbox[-1].subject
