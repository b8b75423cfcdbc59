# SPDX-License-Identifier: EUPL-1.2
"""The accounts API: own data only, tokens, problem+json errors."""

from __future__ import annotations

from django.urls import reverse

import pytest

from balai.accounts.models import ApiToken
from balai.accounts.services import api_token_create
from balai.accounts.tests.conftest import login
from balai.accounts.tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_me_requires_authentication_as_problem_json(client):
    response = client.get("/api/v1/me/")
    assert response.status_code in {401, 403}
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == response.status_code
    assert {"type", "title", "detail", "code"} <= set(body)


def test_me_returns_only_own_masked_data(client):
    user = UserFactory()
    UserFactory()
    login(client, user)
    body = client.get("/api/v1/me/").json()
    assert body["id"] == str(user.pk)
    assert body["nik_masked"].startswith(user.nik[:4]) and "*" in body["nik_masked"]
    assert user.nik not in str(body)


def test_bearer_token_authenticates_and_revocation_stops_it(client):
    user = UserFactory()
    secret = api_token_create(actor=user, name="cli")
    assert not ApiToken.objects.filter(
        digest=secret
    ).exists()  # only a digest is stored
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert response.json()["id"] == str(user.pk)
    ApiToken.objects.update(revoked_at="2026-01-01T00:00:00Z")
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_citizen_cannot_revoke_another_citizens_token(client):
    owner, intruder = UserFactory(), UserFactory()
    api_token_create(actor=owner, name="mine")
    token = ApiToken.objects.get(user=owner)
    login(client, intruder)
    client.post(reverse("accounts:token-revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is None


def test_account_page_creates_token_shown_once(client):
    user = UserFactory()
    login(client, user)
    response = client.post(reverse("accounts:account"), {"name": "skrip"})
    assert response.status_code == 200
    secret = response.context["new_token"]
    assert secret.startswith("blai_")
    assert secret not in client.get(reverse("accounts:account")).content.decode()


def test_bad_signup_input_is_problem_json_with_field_errors(client):
    response = client.post(
        "/api/v1/signups/",
        {"nik": "123", "full_name": "", "birth_date": "31-02-1990", "password": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "invalid_input"
    names = {param["name"] for param in body["invalid_params"]}
    assert {"full_name", "birth_date"} <= names


def test_domain_error_is_problem_json_with_field_errors(client):
    response = client.post(
        "/api/v1/signups/",
        {
            "nik": "3273013208900007",
            "full_name": "Budi",
            "birth_date": "1990-08-12",
            "email": "budi@contoh.id",
            "password": "Kopi-Tubruk-88",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["invalid_params"][0]["name"] == "nik"


def test_malformed_json_is_problem_json(client):
    response = client.post(
        "/api/v1/signups/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_unknown_api_path_is_problem_json_404(client):
    response = client.get("/api/v1/tidak-ada/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_agencies_are_public_and_paginated(client, django_assert_max_num_queries):
    for _ in range(3):
        AgencyFactory()
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/agencies/?limit=2")
    body = response.json()
    assert body["count"] == 3 and len(body["results"]) == 2
    assert body["next"]


def test_openapi_schema_builds(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/me/" in paths and "/api/v1/signups/" in paths
    assert client.get("/api/docs/").status_code == 200
