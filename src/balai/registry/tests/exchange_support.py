# SPDX-License-Identifier: EUPL-1.2
"""Agreements, clients and callers for the exchange API tests (synthetic data)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from rest_framework.test import APIClient

from balai.accounts.models import Agency
from balai.accounts.tests.factories import AgencyFactory
from balai.registry.exchange import services
from balai.registry.exchange.models import DataSharingAgreement
from balai.registry.exchange.services import IssuedClient

PURPOSE = "health_insurance_enrolment"
VERIFY_URL = "registry-api:identity-verify"
BULK_URL = "registry-api:identity-verify-bulk"
FETCH_URL = "registry-api:resident-fetch"


def insurer(code: str = "bpjs-kesehatan") -> Agency:
    return AgencyFactory(code=code, name=f"Agency {code}", short_name=code.upper())


def agreement(
    consumer: Agency,
    fields: list[str],
    *,
    purpose_code: str = PURPOSE,
    **overrides: Any,
) -> DataSharingAgreement:
    values: dict[str, Any] = {
        "consumer": consumer,
        "title": f"Sharing with {consumer.code}",
        "legal_basis": "Permendagri 102/2019",
        "purpose_code": purpose_code,
        "purpose_description": "Health insurance enrolment",
        "allowed_fields": fields,
        "valid_from": timezone.localdate() - dt.timedelta(days=30),
    }
    values.update(overrides)
    found = DataSharingAgreement(**values)
    found.full_clean()
    found.save()
    return found


def issue(found: DataSharingAgreement, name: str = "enrolment system") -> IssuedClient:
    return services.api_client_create(agency=found.consumer, agreement=found, name=name)


def caller(issued: IssuedClient | None, purpose: str | None = PURPOSE) -> APIClient:
    client = APIClient()
    headers: dict[str, str] = {}
    if issued is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {issued.credential}"
    if purpose is not None:
        headers["HTTP_X_PURPOSE"] = purpose
    client.credentials(**headers)
    return client


def verify(api: APIClient, **body: Any) -> Any:
    return api.post(reverse(VERIFY_URL), body, format="json")


def fetch(api: APIClient, nik: str) -> Any:
    return api.post(reverse(FETCH_URL), {"nik": nik}, format="json")


def bulk(api: APIClient, records: list[dict[str, Any]]) -> Any:
    return api.post(reverse(BULK_URL), {"records": records}, format="json")


def assert_problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code, body
    assert {"type", "title", "detail"} <= set(body)
    return body
