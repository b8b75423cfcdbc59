# SPDX-License-Identifier: EUPL-1.2
"""The one DRF exception handler: Django's ValidationError from a service is a
problem+json 400 (never a 500), and titles speak the caller's language."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import path

import pytest
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from balai.accounts.models import Agency, GovernmentUnit


@transaction.atomic
def _agency_create(*, code: str) -> Agency:
    """A service as services are written: full_clean() before saving."""
    unit = GovernmentUnit.objects.create(name="Pemerintah Kota Uji", level="city")
    agency = Agency(unit=unit, code=code, name="", short_name="Uji")
    agency.full_clean()
    agency.save()
    return agency


class _AgencyCreateApi(APIView):
    permission_classes = [AllowAny]

    def post(self, request: Request) -> Response:
        agency = _agency_create(code=request.data.get("code", ""))
        return Response({"id": str(agency.pk)}, status=201)


class _PlainValidationApi(APIView):
    permission_classes = [AllowAny]

    def post(self, request: Request) -> Response:
        raise ValidationError("Not like this.", code="not_like_this")


urlpatterns = [
    path("api/v1/agency-test/", _AgencyCreateApi.as_view()),
    path("api/v1/plain-test/", _PlainValidationApi.as_view()),
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def test_a_model_validation_error_from_a_service_is_a_400_problem(client):
    response = client.post(
        "/api/v1/agency-test/",
        {"code": "Bukan Slug!"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "invalid_input"
    assert body["title"] == "Invalid input"
    fields = {param["name"] for param in body["invalid_params"]}
    assert {"code", "name"} <= fields
    assert not Agency.objects.exists()


def test_a_plain_validation_error_keeps_its_code(client):
    body = client.post("/api/v1/plain-test/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["status"] == 400
    assert body["invalid_params"] == [
        {
            "name": "non_field_errors",
            "code": "not_like_this",
            "reason": "Not like this.",
        }
    ]


@pytest.mark.urls("balai.urls")
def test_titles_are_translated(client):
    english = client.get("/api/v1/no-such-thing/", HTTP_ACCEPT_LANGUAGE="en").json()
    indonesian = client.get("/api/v1/no-such-thing/", HTTP_ACCEPT_LANGUAGE="id").json()
    assert english["title"] == "Not found"
    assert indonesian["title"] == "Tidak ditemukan"
