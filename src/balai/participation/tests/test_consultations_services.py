# SPDX-License-Identifier: EUPL-1.2
"""Consultation services: comments, moderation, the response matrix and closing."""

from __future__ import annotations

import datetime as dt
import io

from django.core.exceptions import PermissionDenied
from django.utils import timezone

import pytest

from balai.accounts.tests.factories import StaffFactory, UserFactory
from balai.core.errors import BalaiError, Conflict
from balai.participation.consultations_constants import (
    AppealStatus,
    ConsultationStatus,
    Decision,
    Moderation,
    Phase,
)
from balai.participation.events import comment_submitted
from balai.participation.models import CommentSupport, Organisation
from balai.participation.services import consultations as services
from balai.participation.tests.consultation_factories import (
    end_input_period,
    officer,
    open_consultation,
)
from balai.security.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_phases_follow_the_dates():
    now = timezone.now()
    consultation = open_consultation(
        opens_at=now + dt.timedelta(days=2), closes_at=now + dt.timedelta(days=9)
    )
    assert consultation.phase == Phase.ANNOUNCEMENT
    assert consultation.phase_at(now + dt.timedelta(days=3)) == Phase.OPEN
    assert consultation.phase_at(now + dt.timedelta(days=10)) == Phase.DELIBERATION


def test_citizen_comments_on_a_section_and_the_event_is_sent(
    django_capture_on_commit_callbacks,
):
    consultation = open_consultation()
    section = consultation.draft.sections.get(position=2)
    received = []

    def listener(**kwargs):
        received.append(kwargs)

    comment_submitted.connect(listener, dispatch_uid="test.listener")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            comment = services.comment_submit(
                actor=UserFactory(),
                consultation=consultation,
                text="Trotoar harus lebih lebar.",
                section=section,
            )
    finally:
        comment_submitted.disconnect(dispatch_uid="test.listener")
    assert comment.section == section
    assert received[0]["comment_id"] == str(comment.pk)
    assert received[0]["text"] == "Trotoar harus lebih lebar."
    assert "author" not in received[0]


def test_comment_needs_a_verified_citizen_and_an_open_phase():
    consultation = open_consultation()
    no_nik = UserFactory(nik=None)
    with pytest.raises(PermissionDenied):
        services.comment_submit(actor=no_nik, consultation=consultation, text="x")
    with pytest.raises(PermissionDenied):
        services.comment_submit(
            actor=StaffFactory(), consultation=consultation, text="x"
        )
    end_input_period(consultation)
    with pytest.raises(Conflict):
        services.comment_submit(
            actor=UserFactory(), consultation=consultation, text="x"
        )


def test_bad_comment_input_is_refused():
    consultation = open_consultation()
    other = open_consultation()
    citizen = UserFactory()
    with pytest.raises(BalaiError) as empty:
        services.comment_submit(actor=citizen, consultation=consultation, text="  ")
    assert empty.value.code == "text_required"
    with pytest.raises(BalaiError) as wrong_section:
        services.comment_submit(
            actor=citizen,
            consultation=consultation,
            text="x",
            section=other.draft.sections.first(),
        )
    assert wrong_section.value.code == "invalid_section"
    with pytest.raises(BalaiError) as not_a_pdf:
        services.comment_submit(
            actor=citizen,
            consultation=consultation,
            text="x",
            attachment=io.BytesIO(b"<html>not a pdf</html>"),
        )
    assert not_a_pdf.value.code == "upload_wrong_type"


def test_organisation_comment_needs_membership():
    consultation = open_consultation()
    citizen = UserFactory()
    organisation = Organisation.objects.create(name="Paguyuban", kind="community")
    with pytest.raises(BalaiError) as error:
        services.comment_submit(
            actor=citizen,
            consultation=consultation,
            text="x",
            organisation=organisation,
        )
    assert error.value.code == "invalid_organisation"
    organisation.members.add(citizen)
    comment = services.comment_submit(
        actor=citizen, consultation=consultation, text="x", organisation=organisation
    )
    assert comment.organisation == organisation


def test_replies_and_supports_once_per_account():
    consultation = open_consultation()
    author, supporter = UserFactory(), UserFactory()
    comment = services.comment_submit(
        actor=author, consultation=consultation, text="Usul"
    )
    reply = services.comment_submit(
        actor=supporter, consultation=consultation, text="Setuju", parent=comment
    )
    assert reply.parent == comment and not reply.is_submission
    assert services.comment_support(actor=supporter, comment=comment) is True
    assert services.comment_support(actor=supporter, comment=comment) is False
    assert CommentSupport.objects.filter(comment=comment).count() == 1
    with pytest.raises(BalaiError):
        services.comment_support(actor=author, comment=comment)


def test_moderation_with_reason_and_appeal():
    staff = officer()
    consultation = open_consultation(staff)
    author = UserFactory()
    comment = services.comment_submit(
        actor=author, consultation=consultation, text="kata kasar"
    )
    with pytest.raises(BalaiError):
        services.comment_hide(actor=staff, comment=comment, reason=" ")
    services.comment_hide(actor=staff, comment=comment, reason="Bahasa kasar")
    assert comment.moderation == Moderation.HIDDEN
    with pytest.raises(BalaiError):
        services.comment_appeal(actor=UserFactory(), comment=comment, text="x")
    services.comment_appeal(actor=author, comment=comment, text="Bukan kasar")
    assert comment.appeal_status == AppealStatus.PENDING
    with pytest.raises(BalaiError):
        services.comment_appeal(actor=author, comment=comment, text="lagi")
    services.appeal_decide(
        actor=staff, comment=comment, restore=True, answer="Dipulihkan"
    )
    assert comment.moderation == Moderation.VISIBLE
    assert comment.appeal_status == AppealStatus.REVERSED


def test_officers_of_another_agency_cannot_manage():
    consultation = open_consultation()
    comment = services.comment_submit(
        actor=UserFactory(), consultation=consultation, text="x"
    )
    stranger = officer()
    with pytest.raises(PermissionDenied):
        services.response_record(
            actor=stranger, comment=comment, decision="accepted", reason="x",
            final_section="Pasal 1",
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.comment_hide(actor=stranger, comment=comment, reason="x")
    unverified = StaffFactory(agency=consultation.draft.agency)
    with pytest.raises(PermissionDenied):
        services.consultation_close(
            actor=unverified, consultation=consultation, outcome="x"
        )


def test_response_rules():
    staff = officer()
    consultation = open_consultation(staff)
    comment = services.comment_submit(
        actor=UserFactory(), consultation=consultation, text="x"
    )
    with pytest.raises(BalaiError) as no_section:
        services.response_record(
            actor=staff, comment=comment, decision=Decision.ACCEPTED, reason="Baik"
        )
    assert no_section.value.code == "final_section_required"
    with pytest.raises(BalaiError) as bad:
        services.response_record(
            actor=staff, comment=comment, decision="maybe", reason="x"
        )
    assert bad.value.code == "invalid_decision"
    with pytest.raises(BalaiError):
        services.response_record(
            actor=staff, comment=comment, decision=Decision.NOT_ACCEPTED, reason=""
        )
    reply = services.comment_submit(
        actor=UserFactory(), consultation=consultation, text="y", parent=comment
    )
    with pytest.raises(BalaiError) as not_submission:
        services.response_record(
            actor=staff, comment=reply, decision=Decision.OUT_OF_SCOPE, reason="x"
        )
    assert not_submission.value.code == "not_a_submission"


def test_closing_is_blocked_until_every_submission_is_answered(
    outbox, django_capture_on_commit_callbacks
):
    staff = officer()
    consultation = open_consultation(staff)
    citizen = UserFactory()
    online = services.comment_submit(
        actor=citizen, consultation=consultation, text="Usul A",
        section=consultation.draft.sections.first(),
    )  # fmt: skip
    services.comment_submit(  # a reply is not a submission
        actor=UserFactory(), consultation=consultation, text="Setuju", parent=online
    )
    letter = services.offline_input_add(
        actor=staff,
        consultation=consultation,
        channel="letter",
        source="Surat RT 05",
        text="Usul B",
    )
    with pytest.raises(Conflict) as still_open:
        services.consultation_close(actor=staff, consultation=consultation, outcome="x")
    assert still_open.value.code == "consultation_not_open"
    end_input_period(consultation)
    with pytest.raises(Conflict) as blocked:
        services.consultation_close(
            actor=staff, consultation=consultation, outcome="Disahkan"
        )
    assert blocked.value.code == "submissions_unanswered"
    assert blocked.value.extra["unanswered"] == 2
    assert "2" in blocked.value.message
    with django_capture_on_commit_callbacks(execute=True):
        services.response_record(
            actor=staff,
            comment=online,
            decision=Decision.ACCEPTED,
            reason="Dimuat",
            final_section="Pasal 2 ayat (1)",
        )
    with pytest.raises(Conflict) as one_left:
        services.consultation_close(
            actor=staff, consultation=consultation, outcome="Disahkan"
        )
    assert one_left.value.extra["unanswered"] == 1
    services.response_record(
        actor=staff, comment=letter, decision=Decision.OUT_OF_SCOPE, reason="Bukan"
    )
    closed = services.consultation_close(
        actor=staff, consultation=consultation, outcome="Disahkan dengan perubahan"
    )
    assert closed.status == ConsultationStatus.CLOSED
    assert closed.phase == Phase.OUTCOME
    with pytest.raises(Conflict):
        services.response_record(
            actor=staff, comment=letter, decision=Decision.NOT_ACCEPTED, reason="x"
        )
    # the online commenter was told of the answer (the letter has no account)
    answers = [m for m in outbox if "Raperda Penataan PKL" in m.subject]
    assert len(answers) == 1
    assert "Pasal 2 ayat (1)" in answers[0].body
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "participation.response_record",
        "participation.offline_input",
        "participation.consultation_close",
    } <= actions


def test_offline_input_needs_a_source_and_channel():
    staff = officer()
    consultation = open_consultation(staff)
    with pytest.raises(BalaiError) as no_source:
        services.offline_input_add(
            actor=staff, consultation=consultation, channel="hearing", source="",
            text="x",
        )  # fmt: skip
    assert no_source.value.code == "source_required"
    with pytest.raises(BalaiError):
        services.offline_input_add(
            actor=staff, consultation=consultation, channel="online", source="x",
            text="x",
        )  # fmt: skip


def test_hidden_submissions_leave_the_matrix():
    staff = officer()
    consultation = open_consultation(staff)
    comment = services.comment_submit(
        actor=UserFactory(), consultation=consultation, text="spam"
    )
    services.comment_hide(actor=staff, comment=comment, reason="Spam")
    end_input_period(consultation)
    services.consultation_close(actor=staff, consultation=consultation, outcome="ok")
