# SPDX-License-Identifier: EUPL-1.2
"""The officers' workflow: claim, checks, revision, decisions, register, document."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

import pytest

from balai.cases import selectors, services
from balai.cases.constants import Action, DocumentCheck, Status
from balai.cases.documents.selectors import document_pdf, documents_for_reference
from balai.cases.output import output_pdf
from balai.cases.tests.support import approved, in_review, pdf, submitted
from balai.core.errors import BalaiError, NotFound
from balai.registry.selectors import resident_for_event
from balai.security.models import AuditEntry


def test_revision_round_trip_then_approval_registers_the_birth_and_issues_the_deed(
    world, outbox, on_commit
):
    application = in_review(world)
    document = application.documents.get(requirement_code="kartu-keluarga")
    services.document_check(
        actor=world.officer, document=document, ok=False, note="Tidak terbaca"
    )
    with on_commit(execute=True):
        request = services.revision_request(
            actor=world.officer,
            application=application,
            reason="Unggah ulang KK yang terbaca.",
            requirement_codes=["kartu-keluarga"],
        )
    application.refresh_from_db()
    assert application.status == Status.NEEDS_REVISION
    assert application.paused_at is not None
    assert "perlu diperbaiki" in outbox[-1].subject
    assert "Unggah ulang KK" in outbox[-1].body
    with on_commit(execute=True):
        services.information_request_answer(
            actor=world.citizen,
            application=application,
            text="Sudah saya unggah ulang.",
            files=[("kartu-keluarga", pdf())],
        )
    request.refresh_from_db()
    application.refresh_from_db()
    assert request.answered_at is not None
    assert application.status == Status.RESUBMITTED and application.paused_at is None
    assert request.documents.count() == 1
    with on_commit(execute=True):
        approved(world, application)
    application.refresh_from_db()
    assert application.status == Status.COMPLETED
    child_nik = application.register_values["child_nik"]
    child = resident_for_event(world.officer, child_nik)
    assert child is not None and child.full_name == "Putri Ayu Lestari"
    issued = documents_for_reference(application.number).get()
    assert issued.pk == application.issued_document_id
    assert child_nik in issued.fields  # the NIK is printed on the deed
    assert output_pdf(application) == document_pdf(issued)
    assert output_pdf(application).startswith(b"%PDF")
    actions = list(application.transitions.values_list("action", flat=True))
    assert actions[-3:] == [Action.APPROVE, Action.REGISTER, Action.COMPLETE]
    assert "sudah terbit" in outbox[-1].subject


def test_other_agencies_see_nothing(world):
    application = submitted(world)
    with pytest.raises(NotFound):
        selectors.application_get(
            user=world.other_officer, application_id=application.pk
        )
    with pytest.raises(PermissionDenied):
        services.application_claim(actor=world.other_officer, application=application)
    assert not selectors.inbox(
        user=world.other_officer, filters=selectors.InboxFilter()
    ).exists()
    assert selectors.inbox(
        user=world.officer, filters=selectors.InboxFilter()
    ).get() == (application)


def test_other_citizens_see_nothing(world):
    application = submitted(world)
    with pytest.raises(NotFound):
        selectors.application_get(
            user=world.other_citizen, application_id=application.pk
        )


def test_staff_reads_are_audited_with_a_purpose(world):
    application = submitted(world)
    selectors.application_get(user=world.officer, application_id=application.pk)
    entry = AuditEntry.objects.filter(action="person.read").latest("id")
    assert entry.object_id == str(application.pk)
    assert entry.subject_id == world.citizen.pk
    assert "application" in entry.purpose


def test_only_the_claimant_or_the_head_decides(world):
    application = in_review(world)
    with pytest.raises(BalaiError) as excinfo:
        services.application_reject(
            actor=world.colleague, application=application, reason="x"
        )
    assert (excinfo.value.code, excinfo.value.status) == ("not_claimed", 409)
    services.application_reject(
        actor=world.head, application=application, reason="Data tidak sesuai"
    )
    application.refresh_from_db()
    assert application.status == Status.REJECTED


def test_a_colleague_cannot_take_over_a_claimed_application(world):
    application = in_review(world)
    with pytest.raises(BalaiError) as excinfo:
        services.application_claim(actor=world.colleague, application=application)
    assert excinfo.value.code == "not_assignable"


def test_rejection_needs_a_reason(world):
    application = in_review(world)
    with pytest.raises(BalaiError) as excinfo:
        services.application_reject(
            actor=world.officer, application=application, reason=" "
        )
    assert excinfo.value.code == "reason_required"


def test_a_rejected_document_needs_a_note(world):
    application = in_review(world)
    document = application.documents.first()
    with pytest.raises(BalaiError):
        services.document_check(actor=world.officer, document=document, ok=False)
    services.document_check(actor=world.officer, document=document, ok=True)
    document.refresh_from_db()
    assert document.check_status == DocumentCheck.OK
    assert document.checked_by == world.officer


def test_escalated_applications_are_for_the_head_alone(world, outbox, on_commit):
    application = in_review(world)
    with on_commit(execute=True):
        services.application_escalate(
            actor=world.officer, application=application, reason="Kasus khusus"
        )
    application.refresh_from_db()
    assert application.status == Status.ESCALATED
    assert any(m.recipient == world.head.email for m in outbox)
    with pytest.raises(PermissionDenied):
        services.application_approve(actor=world.officer, application=application)
    for document in application.documents.filter(is_current=True):
        services.document_check(actor=world.head, document=document, ok=True)
    # escalated: the head alone acts, so they sign every step of the chain
    services.application_approve(actor=world.head, application=application)
    services.application_approve(
        actor=world.head, application=application, confirmed=True
    )
    application.refresh_from_db()
    assert application.status == Status.COMPLETED


def test_the_head_assigns_to_a_colleague(world, outbox, on_commit):
    application = submitted(world)
    with pytest.raises(PermissionDenied):
        services.application_assign(
            actor=world.officer, application=application, officer_id=world.colleague.pk
        )
    with on_commit(execute=True):
        services.application_assign(
            actor=world.head, application=application, officer_id=world.colleague.pk
        )
    application.refresh_from_db()
    assert application.assigned_to == world.colleague
    assert application.status == Status.IN_REVIEW
    assert outbox[-1].recipient == world.colleague.email
    with pytest.raises(BalaiError):
        services.application_assign(
            actor=world.head, application=application, officer_id=world.other_officer.pk
        )


def test_a_failing_register_change_approves_nothing(world):
    application = in_review(world)
    application.answers = {**application.answers, "mother_nik": "3273015708900099"}
    application.save(update_fields=["answers"])
    with pytest.raises(BalaiError) as excinfo:
        approved(world, application)
    assert excinfo.value.code == "register_action_failed"
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    assert not documents_for_reference(application.number).exists()
