# SPDX-License-Identifier: EUPL-1.2
"""The applications API: citizens their own, officers their agency's."""

from __future__ import annotations

from rest_framework.test import APIClient

from balai.accounts.services import api_token_create
from balai.accounts.testing import verified
from balai.accounts.tests.test_tokens_and_2fa_policy import legacy_token
from balai.cases.constants import Status
from balai.cases.tests.support import BIRTH, birth_answers, pdf, submitted


def _client(user) -> APIClient:
    client = APIClient()
    secret = api_token_create(actor=user, name="uji")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_a_citizen_applies_through_the_api(world):
    client = _client(world.citizen)
    body = {"service": BIRTH, "answers": birth_answers(world), "idempotency_key": "k1"}
    created = client.post("/api/v1/applications/", body, format="json")
    assert created.status_code == 201, created.content
    again = client.post("/api/v1/applications/", body, format="json")
    assert again.json()["id"] == created.json()["id"]
    base = f"/api/v1/applications/{created.json()['id']}/"
    for code in ("surat-keterangan-lahir", "kartu-keluarga"):
        uploaded = client.post(
            f"{base}documents/",
            {"requirement": code, "file": pdf()},
            format="multipart",
        )
        assert uploaded.status_code == 201, uploaded.content
    done = client.post(f"{base}submit/", {"idempotency_key": "s1"}, format="json")
    assert done.status_code == 200
    assert done.json()["status"] == Status.SUBMITTED
    assert done.json()["number"].startswith("PMH-")
    listing = client.get("/api/v1/applications/").json()
    assert [row["id"] for row in listing["results"]] == [created.json()["id"]]


def test_invalid_answers_are_problem_details(world):
    client = _client(world.citizen)
    body = {"service": BIRTH, "answers": birth_answers(world, birth_order=0)}
    response = client.post("/api/v1/applications/", body, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "invalid_answers"
    assert any(p["name"] == "birth_order" for p in problem["invalid_params"])


def test_officers_see_their_agency_and_act(world):
    application = submitted(world)
    officer = _client(verified(world.officer))  # a token made in a 2FA session
    rows = officer.get("/api/v1/applications/").json()["results"]
    assert [row["number"] for row in rows] == [application.number]
    claimed = officer.post(f"/api/v1/applications/{application.pk}/claim/")
    assert claimed.status_code == 200
    assert claimed.json()["status"] == Status.IN_REVIEW
    revision = officer.post(
        f"/api/v1/applications/{application.pk}/request-revision/",
        {"reason": "KK buram", "requirements": ["kartu-keluarga"]},
        format="json",
    )
    assert revision.json()["status"] == Status.NEEDS_REVISION
    approve = officer.post(f"/api/v1/applications/{application.pk}/approve/", {})
    assert approve.status_code == 409
    assert approve.json()["code"] == "invalid_transition"


def test_a_staff_token_not_made_in_a_verified_session_is_not_verified(world):
    """Issue #10: staff tokens no longer bypass 2FA; the token carries the second
    factor of the session that made it, and only that."""
    application = submitted(world)
    unverified = APIClient()
    unverified.credentials(HTTP_AUTHORIZATION=f"Bearer {legacy_token(world.officer)}")
    assert unverified.get("/api/v1/applications/").json()["results"] == []
    assert unverified.post(
        f"/api/v1/applications/{application.pk}/claim/"
    ).status_code in (403, 404)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    verified_client = _client(verified(world.officer))
    rows = verified_client.get("/api/v1/applications/").json()["results"]
    assert [row["number"] for row in rows] == [application.number]


def test_other_agencies_and_citizens_get_404_and_citizens_cannot_decide(world):
    application = submitted(world)
    for user in (world.other_officer, world.other_citizen):
        client = _client(user)
        assert client.get(f"/api/v1/applications/{application.pk}/").status_code == 404
        assert (
            client.post(f"/api/v1/applications/{application.pk}/claim/").status_code
            == 404
        )
        assert client.get("/api/v1/applications/").json()["results"] == []
    own = _client(world.citizen)
    refused = own.post(
        f"/api/v1/applications/{application.pk}/reject/", {"reason": "x"}
    )
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"


def test_anonymous_callers_are_refused(db):
    client = APIClient()
    assert client.get("/api/v1/applications/").status_code in (401, 403)


def test_the_schema_documents_the_applications_api(client, db):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/v1/applications/{application_id}/approve/" in text
