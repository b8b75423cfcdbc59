# SPDX-License-Identifier: EUPL-1.2
"""Approval: every required document accepted (or the head's reasoned override), the
service's declared approval chain signed in order by different people, and the
register changed only after a confirmation — through services, pages and the API."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

import pytest

from balai.accounts.tests.conftest import login, pass_two_factor
from balai.cases import services
from balai.cases.constants import Action, DocumentCheck, Status
from balai.cases.tests.support import accept_documents, in_review
from balai.cases.tests.test_api_actions import _client
from balai.core.errors import BalaiError
from balai.registry.selectors import resident_for_event
from balai.security.models import AuditEntry


def _codes(application):
    return list(application.transitions.values_list("action", flat=True))


def test_approval_needs_every_required_document_accepted(world):
    application = in_review(world)  # both uploads "not checked yet"
    before = _codes(application)
    with pytest.raises(BalaiError) as excinfo:
        services.application_approve(actor=world.officer, application=application)
    assert excinfo.value.code == "documents_not_accepted"
    assert "Kartu Keluarga" in excinfo.value.message
    # an officer cannot override, whatever reason they give
    with pytest.raises(BalaiError) as excinfo:
        services.application_approve(
            actor=world.officer, application=application, override_reason="Yakin"
        )
    assert excinfo.value.code == "documents_not_accepted"
    assert _codes(application) == before
    document = application.documents.get(requirement_code="kartu-keluarga")
    services.document_check(
        actor=world.officer, document=document, ok=False, note="Buram"
    )
    with pytest.raises(BalaiError):
        services.application_approve(actor=world.officer, application=application)
    accept_documents(world, application)
    services.application_approve(actor=world.officer, application=application)
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW  # verified, not yet approved
    assert application.transitions.filter(action=Action.SIGN_OFF).get().step_code == (
        "verifikasi-berkas"
    )


def test_the_chain_officer_verifies_then_the_head_signs_after_confirming(
    world, outbox, on_commit
):
    application = in_review(world)
    accept_documents(world, application)
    with on_commit(execute=True):
        services.application_approve(actor=world.officer, application=application)
    assert any(
        message.recipient == world.head.email and "tanda tangan" in message.subject
        for message in outbox
    )
    # the officer cannot sign the head's step
    with pytest.raises(BalaiError) as excinfo:
        services.application_approve(
            actor=world.officer, application=application, confirmed=True
        )
    assert (excinfo.value.code, excinfo.value.status) == ("signatory_required", 409)
    # the register changes only once confirmed
    with pytest.raises(BalaiError) as excinfo:
        services.application_approve(actor=world.head, application=application)
    assert excinfo.value.code == "confirmation_required"
    assert "NIK" in excinfo.value.message
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW and not application.register_values
    services.application_approve(
        actor=world.head, application=application, confirmed=True
    )
    application.refresh_from_db()
    assert application.status == Status.COMPLETED
    assert resident_for_event(world.officer, application.register_values["child_nik"])
    assert _codes(application)[-4:] == [
        Action.SIGN_OFF,
        Action.APPROVE,
        Action.REGISTER,
        Action.COMPLETE,
    ]
    assert application.transitions.get(action=Action.APPROVE).step_code == (
        "tanda-tangan-elektronik"
    )


def test_nobody_signs_two_steps_of_one_chain(world):
    application = in_review(world)
    accept_documents(world, application)
    services.application_approve(actor=world.head, application=application)
    with pytest.raises(BalaiError) as excinfo:
        services.application_approve(
            actor=world.head, application=application, confirmed=True
        )
    assert excinfo.value.code == "same_signatory"


def test_a_revision_request_starts_the_chain_again(world):
    application = in_review(world)
    accept_documents(world, application)
    services.application_approve(actor=world.officer, application=application)
    services.revision_request(
        actor=world.officer, application=application, reason="Tambahkan akta nikah"
    )
    services.information_request_answer(
        actor=world.citizen, application=application, text="Sudah"
    )
    # the officer's verification is due again: the head's signature now signs it,
    # it does not approve
    services.application_approve(
        actor=world.head, application=application, confirmed=True
    )
    application.refresh_from_db()
    assert application.status == Status.RESUBMITTED
    latest = application.transitions.filter(action=Action.SIGN_OFF).last()
    assert latest.step_code == "verifikasi-berkas" and latest.actor == world.head


def test_only_the_head_overrides_with_a_reason_on_the_timeline_and_audit(world):
    application = in_review(world)
    with pytest.raises(BalaiError) as excinfo:
        services.application_approve(actor=world.head, application=application)
    assert excinfo.value.code == "documents_not_accepted"
    assert "override_reason" in excinfo.value.field_errors
    services.application_approve(
        actor=world.head,
        application=application,
        override_reason="Berkas asli sudah diperiksa di loket",
    )
    override = application.transitions.get(action=Action.OVERRIDE_DOCUMENTS)
    assert "diperiksa di loket" in override.reason
    assert "Surat keterangan lahir" in override.reason
    assert override.actor == world.head
    assert AuditEntry.objects.filter(
        action="application.override_documents", object_id=str(application.pk)
    ).exists()
    assert application.transitions.filter(action=Action.SIGN_OFF).exists()


def test_pages_offer_the_due_step_and_confirm_a_register_change(world, staff_client):
    application = in_review(world)
    officer = staff_client(world.officer)
    detail = reverse("cases:officer-detail", args=[application.pk])
    approve = reverse("cases:officer-approve", args=[application.pk])
    page = officer.get(detail).content.decode()
    assert "Belum diperiksa" in page or "Not checked yet" in page
    assert 'name="approve"' not in page  # documents first
    refused = officer.post(approve, {"reason": ""})
    assert refused.status_code == 302
    application.refresh_from_db()
    assert not application.transitions.filter(action=Action.SIGN_OFF).exists()
    accept_documents(world, application)
    assert officer.post(approve, {"reason": ""}).status_code == 302
    head = Client()
    login(head, world.head)
    pass_two_factor(head, world.head)
    confirm = head.post(approve, {"reason": "Sesuai"})
    assert confirm.status_code == 200
    text = confirm.content.decode()
    assert 'name="confirm" value="1"' in text
    assert "Putri Ayu Lestari" in text
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    done = head.post(approve, {"reason": "Sesuai", "confirm": "1"}, follow=True)
    assert done.redirect_chain[-1][1] == 302
    assert [str(m) for m in done.context["messages"]] == [
        "Permohonan disetujui dan dokumen diterbitkan."
    ]
    application.refresh_from_db()
    assert application.status == Status.COMPLETED
    assert all(
        document.check_status == DocumentCheck.OK
        for document in application.documents.filter(is_current=True)
    )


def test_the_api_wants_the_confirmation_too(world):
    application = in_review(world)
    accept_documents(world, application)
    services.application_approve(actor=world.officer, application=application)
    head = _client(world.head)
    url = f"/api/v1/applications/{application.pk}/approve/"
    answer = head.post(url, {}, format="json")
    assert answer.status_code == 400
    assert answer.json()["code"] == "confirmation_required"
    answer = head.post(url, {"confirm": True}, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == Status.COMPLETED
