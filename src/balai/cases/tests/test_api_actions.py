# SPDX-License-Identifier: EUPL-1.2
"""Every step the pages offer, through the API: an API client finishes what it starts.

Each action is tested for the people who may take it and for those who may not
(another agency's staff: 404; the wrong side: 403 or 404, as on the pages).
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from balai.accounts.services import api_token_create
from balai.accounts.testing import verified
from balai.cases.constants import IKM_ELEMENTS, Status
from balai.cases.tests.support import pdf, png, submitted
from balai.security.models import AuditEntry

SCORES = {name: 4 for name, _label in IKM_ELEMENTS}


def _client(user) -> APIClient:
    client = APIClient()
    # a staff token made from a 2FA-verified session acts as verified
    actor = verified(user) if user.is_staff else user
    secret = api_token_create(actor=actor, name="uji")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def unchecked_documents(client: APIClient, application) -> list[str]:
    documents = client.get(_url(application)).json()["documents"]
    return [d["id"] for d in documents if d["check_status"] != "ok"]


def _url(application, action: str = "") -> str:
    base = f"/api/v1/applications/{application.pk}/"
    return f"{base}{action}/" if action else base


def test_a_whole_application_through_the_api_from_review_to_survey(world):
    application = submitted(world)
    officer, head, citizen = (
        _client(world.officer),
        _client(world.head),
        _client(world.citizen),
    )
    claimed = officer.post(_url(application, "claim"))
    assert claimed.json()["assigned_to_id"] == str(world.officer.pk)
    documents = claimed.json()["documents"]
    first, second = documents[0]["id"], documents[1]["id"]
    no_note = officer.post(
        f"{_url(application)}documents/{first}/check/", {"decision": "rejected"}
    )
    assert no_note.status_code == 400 and no_note.json()["code"] == "reason_required"
    checked = officer.post(
        f"{_url(application)}documents/{first}/check/",
        {"decision": "rejected", "note": "Buram"},
    )
    assert checked.status_code == 200
    assert {d["id"]: d["check_status"] for d in checked.json()["documents"]} == {
        first: "rejected",
        second: "pending",
    }
    officer.post(
        _url(application, "request-revision"),
        {"reason": "Unggah ulang surat keterangan lahir", "requirements": []},
        format="json",
    )
    detail = citizen.get(_url(application)).json()
    assert detail["status"] == Status.NEEDS_REVISION
    assert "answer" in detail["allowed_actions"]
    (request,) = detail["information_requests"]
    assert request["reason"] == "Unggah ulang surat keterangan lahir"
    answered = citizen.post(
        _url(application, "answer"),
        {
            "text": "Sudah saya unggah ulang.",
            "requirements": ["surat-keterangan-lahir"],
            "files": [pdf()],
        },
        format="multipart",
    )
    assert answered.status_code == 200, answered.content
    assert answered.json()["status"] == Status.RESUBMITTED
    assert answered.json()["information_requests"][0]["answered_at"]
    escalated = officer.post(_url(application, "escalate"), {"reason": "Kasus khusus"})
    assert escalated.json()["status"] == Status.ESCALATED
    assert officer.post(_url(application, "approve")).status_code == 403
    unchecked = head.post(_url(application, "approve"), {"reason": "Lengkap"})
    assert unchecked.status_code == 400
    assert unchecked.json()["code"] == "documents_not_accepted"
    for document in unchecked_documents(head, application):
        checked = head.post(
            f"{_url(application)}documents/{document}/check/", {"decision": "ok"}
        )
        assert checked.status_code == 200
    verified = head.post(_url(application, "approve"), {"reason": "Lengkap"})
    assert verified.status_code == 200, verified.content
    assert verified.json()["status"] == Status.ESCALATED  # the officer's step signed
    approved = head.post(
        _url(application, "approve"), {"reason": "Lengkap", "confirm": True}
    )
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == Status.COMPLETED
    assert approved.json()["has_output"] is True
    output = citizen.get(_url(application, "output"))
    assert output.status_code == 200 and output["Content-Type"] == "application/pdf"
    assert output.content.startswith(b"%PDF")
    survey = citizen.post(
        _url(application, "survey"), {**SCORES, "comment": "Cepat"}, format="json"
    )
    assert survey.status_code == 201 and survey.json()["survey_done"] is True
    again = citizen.post(_url(application, "survey"), SCORES, format="json")
    assert again.status_code == 400 and again.json()["code"] == "survey_already_done"
    ikm = officer.get("/api/v1/satisfaction/").json()
    assert ikm["overall"]["respondents"] == 1
    assert ikm["overall"]["index"] == "100.00"
    assert ikm["rows"][0]["service_slug"] == application.service_slug


def test_only_the_head_sees_colleagues_and_assigns(world):
    application = submitted(world)
    head, officer = _client(world.head), _client(world.officer)
    colleagues = head.get(_url(application, "colleagues"))
    assert colleagues.status_code == 200
    assert str(world.colleague.pk) in {row["id"] for row in colleagues.json()}
    assert officer.get(_url(application, "colleagues")).status_code == 403
    refused = officer.post(
        _url(application, "assign"), {"officer": str(world.colleague.pk)}
    )
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    stranger = head.post(
        _url(application, "assign"), {"officer": str(world.citizen.pk)}
    )
    assert stranger.status_code == 400 and stranger.json()["code"] == "not_assignable"
    assigned = head.post(
        _url(application, "assign"), {"officer": str(world.colleague.pk)}
    )
    assert assigned.status_code == 200
    assert assigned.json()["assigned_to_id"] == str(world.colleague.pk)


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("claim", {}),
        ("colleagues", None),
        ("assign", {"officer": "6d0c1a52-5b1e-4c7f-9a0e-2f3b4c5d6e7f"}),
        ("request-revision", {"reason": "x"}),
        ("escalate", {"reason": "x"}),
        ("approve", {}),
        ("reject", {"reason": "x"}),
        ("answer", {"text": "x"}),
        ("output", None),
        ("survey", SCORES),
    ],
)
def test_another_agency_and_another_citizen_get_404(world, action, data):
    application = submitted(world)
    for user in (world.other_officer, world.other_citizen):
        client = _client(user)
        if data is None:
            response = client.get(_url(application, action))
        else:
            response = client.post(_url(application, action), data, format="json")
        assert response.status_code == 404, (user, action, response.content)


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("claim", {}),
        ("escalate", {"reason": "x"}),
        ("request-revision", {"reason": "x"}),
        ("approve", {}),
        ("reject", {"reason": "x"}),
        ("assign", {"officer": "6d0c1a52-5b1e-4c7f-9a0e-2f3b4c5d6e7f"}),
    ],
)
def test_the_applicant_may_not_take_the_officers_steps(world, action, data):
    application = submitted(world)
    response = _client(world.citizen).post(
        _url(application, action), data, format="json"
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


@pytest.mark.parametrize("action", ["answer", "survey", "output"])
def test_officers_may_not_take_the_citizens_steps(world, action):
    application = submitted(world)
    client = _client(world.officer)
    if action == "output":
        response = client.get(_url(application, action))
    else:
        response = client.post(_url(application, action), SCORES, format="json")
    assert response.status_code == 404


def test_a_document_check_by_someone_who_has_not_claimed_is_409(world):
    application = submitted(world)
    document = application.documents.first()
    _client(world.officer).post(_url(application, "claim"))
    response = _client(world.colleague).post(
        f"{_url(application)}documents/{document.pk}/check/", {"decision": "ok"}
    )
    assert response.status_code == 409 and response.json()["code"] == "not_claimed"


def test_an_answer_needs_one_requirement_per_file_and_an_open_request(world):
    application = submitted(world)
    citizen = _client(world.citizen)
    early = citizen.post(_url(application, "answer"), {"text": "x"}, format="json")
    assert early.status_code == 409 and early.json()["code"] == "invalid_transition"
    mismatch = citizen.post(
        _url(application, "answer"),
        {"text": "x", "files": [png()]},
        format="multipart",
    )
    assert mismatch.status_code == 400
    assert mismatch.json()["invalid_params"][0]["name"] == "files"


def test_uploaded_documents_download_for_applicant_and_staff_audited(world):
    application = submitted(world)
    document = application.documents.first()
    path = f"{_url(application)}documents/{document.pk}/"
    own = _client(world.citizen).get(path)
    assert own.status_code == 200
    assert b"".join(own.streaming_content).startswith(b"%PDF")
    assert _client(world.other_citizen).get(path).status_code == 404
    assert _client(world.officer).get(path).status_code == 200
    read = AuditEntry.objects.filter(action="person.read", actor_id=world.officer.pk)
    assert read.exists()


def test_the_list_filters_and_the_inbox_counts(world):
    application = submitted(world)
    officer = _client(world.officer)
    rows = officer.get("/api/v1/applications/", {"status": "submitted"}).json()
    assert [row["id"] for row in rows["results"]] == [str(application.pk)]
    none = officer.get("/api/v1/applications/", {"status": "completed"}).json()
    assert none["results"] == []
    bad = officer.get("/api/v1/applications/", {"sla": "tomorrow"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_input"
    counts = officer.get("/api/v1/applications/counts/").json()
    assert counts["submitted"] == 1 and counts["mine"] == 0
    assert _client(world.citizen).get("/api/v1/applications/counts/").status_code == 403
    assert _client(world.citizen).get("/api/v1/satisfaction/").status_code == 403


def test_the_schema_documents_every_action(client, db):
    text = client.get("/api/schema/").content.decode()
    for action in (
        "answer",
        "survey",
        "output",
        "colleagues",
        "assign",
        "escalate",
        "request-revision",
        "approve",
        "reject",
        "claim",
        "withdraw",
        "submit",
    ):
        assert f"/api/v1/applications/{{application_id}}/{action}/" in text
    assert (
        "/api/v1/applications/{application_id}/documents/{document_id}/check/" in text
    )
    assert "/api/v1/applications/counts/" in text
    assert "/api/v1/satisfaction/" in text
