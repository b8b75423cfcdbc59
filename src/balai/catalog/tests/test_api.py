# SPDX-License-Identifier: EUPL-1.2
"""The public catalog API: list with search and filter, detail, caching, errors."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from balai.catalog.tests.test_loader import SLUGS

LIST = "/api/v1/catalog/services/"


@pytest.fixture
def api(db):
    return APIClient()


def test_list_has_every_service_with_slug_and_page_url(api):
    response = api.get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert isinstance(body, list)  # every service in one answer, no pages
    assert len(body) == 14
    by_slug = {item["slug"]: item for item in body}
    assert set(by_slug) == SLUGS
    birth = by_slug["akta-kelahiran"]
    assert birth["name"] == {"id": "Akta Kelahiran", "en": "Birth certificate"}
    assert birth["agency"]["code"] == "disdukcapil"
    assert birth["fee"]["is_free"] is True and birth["fee"]["amount"] == 0
    assert birth["sla_working_days"] == 3
    assert birth["kind"] == "application"
    assert birth["url"] == "http://testserver/layanan/akta-kelahiran/"
    assert birth["life_events"] == ["kelahiran"]
    assert by_slug["pengaduan"]["external_url"] == "/lapor/"


def test_list_searches_and_filters(api):
    found = api.get(LIST, {"q": "ktp ilang"}).json()
    assert found[0]["slug"] == "ktp-el"
    event = api.get(LIST, {"life_event": "usaha"}).json()
    assert {item["slug"] for item in event} == {"nib", "pbg", "izin-reklame"}


def test_unknown_life_event_is_a_problem(api):
    response = api.get(LIST, {"life_event": "liburan"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["invalid_params"][0]["name"] == "life_event"


def test_detail_has_requirements_steps_and_form(api):
    body = api.get(f"{LIST}akta-kelahiran/").json()
    assert body["requirements"][0]["code"] == "surat-keterangan-lahir"
    assert body["requirements"][0]["content_types"] == [
        "application/pdf",
        "image/jpeg",
        "image/png",
    ]
    assert body["steps"][0] == {
        "code": "verifikasi-berkas",
        "name": {"id": "Verifikasi berkas", "en": "Document check"},
        "role": "officer",
        "description": body["steps"][0]["description"],
        "sign_off": True,
    }
    signed = [
        (step["code"], step["role"]) for step in body["steps"] if step["sign_off"]
    ]
    assert signed == [
        ("verifikasi-berkas", "officer"),
        ("tanda-tangan-elektronik", "agency_head"),
    ]
    assert body["form_schema"]["properties"]["mother_nik"]["format"] == "nik"
    assert body["form_ui"]["kk_number"]["prefill"] == "kk_number"
    assert body["form_ui"]["child_sex"]["choices"]["F"] == {
        "id": "Perempuan",
        "en": "Female",
    }
    assert body["output"]["template"] == "akta-kelahiran"
    assert body["register_action"] == "birth"
    assert body["conditions"][0]["id"].startswith("Pelapor")


def test_unknown_slug_is_a_problem_404(api):
    response = api.get(f"{LIST}paspor/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "service_not_found"


def test_answers_are_publicly_cacheable_with_an_etag(api):
    response = api.get(LIST)
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    etag = response["ETag"]
    again = api.get(LIST, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert api.get(f"{LIST}kia/")["ETag"] == etag


def test_list_runs_no_query(api, django_assert_num_queries):
    with django_assert_num_queries(0):
        api.get(LIST)


def test_catalog_endpoints_are_in_the_openapi_schema(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/catalog/services/" in schema["paths"]
    detail = schema["paths"]["/api/v1/catalog/services/{slug}/"]["get"]
    assert detail["operationId"] == "catalog_services_retrieve"
    components = schema["components"]["schemas"]
    assert "CatalogServiceDetailOutput" in components
    assert components["CatalogServiceOutput"]["properties"]["slug"]["type"] == "string"
