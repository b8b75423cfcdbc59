# SPDX-License-Identifier: EUPL-1.2
"""The pages: a citizen applies and follows; an officer works the inbox."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

import pytest

from balai.accounts.tests.conftest import login, pass_two_factor
from balai.cases import services
from balai.cases.constants import IKM_ELEMENTS, Status
from balai.cases.models import Application
from balai.cases.tests.support import (
    BIRTH,
    approved,
    birth_answers,
    draft,
    in_review,
    pdf,
    submitted,
    text_file,
)


def _form_data(world, **overrides):
    answers = birth_answers(world, **overrides)
    data = {key: value for key, value in answers.items() if value is not None}
    data["declaration"] = "on"
    data["token"] = "tok-start"
    return data


@pytest.fixture
def citizen_client(client, world):
    login(client, world.citizen)
    return client


def test_the_form_is_prefilled_from_the_register(citizen_client, world):
    response = citizen_client.get(reverse("cases:application-start", args=[BIRTH]))
    assert response.status_code == 200
    assert world.family.kk_number in response.content.decode()
    assert (
        "diisi dari data Anda" in response.content.decode()
        or response.context["prefilled"]
    )


def test_form_errors_in_indonesian_keep_what_was_typed(citizen_client, world):
    url = reverse("cases:application-start", args=[BIRTH])
    response = citizen_client.post(
        url, _form_data(world, child_name="", birth_order=99)
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bandung" in page  # nothing typed is lost
    assert "Terdapat masalah" in page
    assert "Bidang ini harus diisi." in page or "tidak boleh kosong" in page
    assert Application.objects.count() == 0


def test_form_errors_in_english(citizen_client, world):
    citizen_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("cases:application-start", args=[BIRTH])
    response = citizen_client.post(url, _form_data(world, child_name=""))
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "This field is required." in page
    assert "Child&#x27;s full name" in page or "Child's full name" in page


def test_a_double_click_on_start_makes_one_draft(citizen_client, world):
    url = reverse("cases:application-start", args=[BIRTH])
    first = citizen_client.post(url, _form_data(world))
    second = citizen_client.post(url, _form_data(world))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Application.objects.count() == 1


def test_upload_review_submit_and_receipt(citizen_client, world):
    application = draft(world)
    url = reverse("cases:application-documents", args=[application.pk])
    bad = citizen_client.post(
        url, {"requirement": "kartu-keluarga", "file": text_file()}
    )
    assert bad.status_code == 400
    assert "PDF" in bad.content.decode()
    for code in ("surat-keterangan-lahir", "kartu-keluarga"):
        ok = citizen_client.post(url, {"requirement": code, "file": pdf()})
        assert ok.status_code == 302
    review = reverse("cases:application-review", args=[application.pk])
    assert citizen_client.get(review).status_code == 200
    data = {"token": "tok-submit", "confirm": "on"}
    first = citizen_client.post(review, data)
    again = citizen_client.post(review, data)  # the same POST once more
    assert first.status_code == again.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    receipt = citizen_client.get(first["Location"])
    assert application.number in receipt.content.decode()
    listing = citizen_client.get(reverse("cases:application-list"))
    assert application.number in listing.content.decode()


def test_citizen_answers_a_request_downloads_the_pdf_and_takes_the_survey(
    citizen_client, world
):
    application = in_review(world)
    services.revision_request(
        actor=world.officer,
        application=application,
        reason="KK buram",
        requirement_codes=["kartu-keluarga"],
    )
    detail = reverse("cases:application-detail", args=[application.pk])
    assert "KK buram" in citizen_client.get(detail).content.decode()
    answer = reverse("cases:application-answer", args=[application.pk])
    empty = citizen_client.post(answer, {"text": ""})
    assert empty.status_code == 400
    sent = citizen_client.post(
        answer, {"text": "Terlampir", "file_kartu-keluarga": pdf()}
    )
    assert sent.status_code == 302
    approved(world, application)
    page = citizen_client.get(detail).content.decode()
    assert reverse("cases:application-output", args=[application.pk]) in page
    pdf_response = citizen_client.get(
        reverse("cases:application-output", args=[application.pk])
    )
    assert pdf_response["Content-Type"] == "application/pdf"
    assert pdf_response.content.startswith(b"%PDF")
    survey = reverse("cases:application-survey", args=[application.pk])
    scores = {name: "4" for name, _label in IKM_ELEMENTS}
    assert (
        citizen_client.post(survey, {**scores, "comment": "Bagus"}).status_code == 302
    )


def test_another_citizen_cannot_open_or_download(client, world):
    application = in_review(world)
    approved(world, application)
    login(client, world.other_citizen)
    for name in ("cases:application-detail", "cases:application-output"):
        assert client.get(reverse(name, args=[application.pk])).status_code == 404


def test_officer_works_the_application_from_the_inbox(client, world):
    application = submitted(world)
    login(client, world.officer)
    pass_two_factor(client, world.officer)
    inbox = client.get(reverse("cases:officer-inbox"))
    assert application.number in inbox.content.decode()
    overdue = client.get(reverse("cases:officer-inbox"), {"sla": "overdue"})
    assert application.number not in overdue.content.decode()
    detail = reverse("cases:officer-detail", args=[application.pk])
    assert client.get(detail).status_code == 200
    assert (
        client.post(reverse("cases:officer-claim", args=[application.pk])).status_code
        == 302
    )
    missing = client.post(
        reverse("cases:officer-request-revision", args=[application.pk]), {"reason": ""}
    )
    assert missing.status_code == 400
    for document in application.documents.all():
        checked = client.post(
            reverse("cases:officer-document-check", args=[application.pk, document.pk]),
            {"decision": "ok"},
        )
        assert checked.status_code == 302
    verified = client.post(reverse("cases:officer-approve", args=[application.pk]), {})
    assert verified.status_code == 302
    application.refresh_from_db()
    # the officer verifies; the birth certificate is the head's to sign
    assert application.status == Status.IN_REVIEW
    assert application.transitions.filter(action="sign_off").exists()


def test_officers_of_another_agency_get_404(client, world):
    application = submitted(world)
    login(client, world.other_officer)
    pass_two_factor(client, world.other_officer)
    assert (
        client.get(reverse("cases:officer-detail", args=[application.pk])).status_code
        == 404
    )
    claim = client.post(reverse("cases:officer-claim", args=[application.pk]))
    assert claim.status_code == 404
    inbox = client.get(reverse("cases:officer-inbox"))
    assert application.number not in inbox.content.decode()


def test_the_inbox_shows_who_an_application_is_from_and_what_about(client, world):
    from balai.security.models import AuditEntry

    application = submitted(world)
    login(client, world.officer)
    pass_two_factor(client, world.officer)
    before = AuditEntry.objects.filter(object_id=str(application.pk)).count()
    page = client.get(reverse("cases:officer-inbox")).content.decode()
    # the applicant and the child the birth certificate is for
    assert world.citizen.full_name in page
    assert "Putri Ayu Lestari" in page
    # showing them is an audited read, as opening the application is
    reads = AuditEntry.objects.filter(
        object_id=str(application.pk), action="person.read"
    )
    assert reads.count() == 1
    after = AuditEntry.objects.filter(object_id=str(application.pk)).count()
    assert after == before + 1
    assert reads.get().actor_id == world.officer.pk


def test_the_ikm_dashboard(client, world):
    application = in_review(world)
    approved(world, application)
    services.survey_submit(
        actor=world.citizen,
        application=application,
        scores={name: 3 for name, _l in IKM_ELEMENTS},
    )
    login(client, world.head)
    pass_two_factor(client, world.head)
    page = client.get(reverse("cases:satisfaction-dashboard")).content.decode()
    assert "75,00" in page  # Indonesian decimal comma
    assert "Akta Kelahiran" in page


def test_officers_see_download_and_verify_the_issued_document(client, world):
    application = approved(world)
    output = reverse("cases:officer-output", args=[application.pk])
    login(client, world.officer)
    pass_two_factor(client, world.officer)
    page = client.get(reverse("cases:officer-detail", args=[application.pk]))
    body = page.content.decode()
    assert "data-issued" in body
    assert output in body
    code = application.issued_document_id and body.split("/verify/")[1].split('"')[0]
    assert client.get(reverse("documents:verify", args=[code])).status_code == 200
    pdf = client.get(output)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf).startswith(b"%PDF")
    client.logout()
    # nobody else: another agency's officer, the citizen on the staff address
    login(client, world.other_officer)
    pass_two_factor(client, world.other_officer)
    assert client.get(output).status_code == 404
    client.logout()
    login(client, world.citizen)
    assert client.get(output).status_code in (403, 404)


def test_an_open_application_has_no_issued_document(client, world):
    application = in_review(world)
    login(client, world.officer)
    pass_two_factor(client, world.officer)
    body = client.get(
        reverse("cases:officer-detail", args=[application.pk])
    ).content.decode()
    assert "data-issued" not in body
    output = reverse("cases:officer-output", args=[application.pk])
    assert client.get(output).status_code == 404
