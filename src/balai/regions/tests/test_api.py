# SPDX-License-Identifier: EUPL-1.2
from django.urls import reverse

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

pytestmark = pytest.mark.usefixtures("sample_regions")

LIST_URL = "/api/v1/regions/"


@pytest.fixture
def api():
    return APIClient()


def detail_url(code):
    return reverse("regions-api:region-detail", kwargs={"code": code})


def test_urls_are_named():
    assert reverse("regions-api:region-list") == LIST_URL
    assert detail_url("32.04") == "/api/v1/regions/32.04/"


def test_list_is_public_and_paginated(api, django_assert_num_queries):
    with django_assert_num_queries(2):  # count + page
        response = api.get(LIST_URL, {"limit": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] > 1000
    assert [item["code"] for item in body["results"]] == ["31", "31.74", "31.74.01"]
    assert body["results"][0] == {
        "code": "31",
        "compact_code": "31",
        "name": "Daerah Khusus Ibukota Jakarta",
        "level": 1,
        "kind": "provinsi",
        "parent_code": None,
        "postal_code": "",
    }
    assert "offset=3" in body["next"]


def test_list_query_count_does_not_grow_with_page_size(api, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = api.get(LIST_URL, {"limit": 500, "level": 4})
    assert len(response.json()["results"]) == 500


def test_list_filters_by_level(api):
    body = api.get(LIST_URL, {"level": 1}).json()
    assert [item["code"] for item in body["results"]] == [
        "31",
        "32",
        "35",
        "51",
        "91",
        "93",
        "95",
    ]


@pytest.mark.parametrize("parent", ["32.04.05", "320405"])
def test_list_filters_by_parent(api, parent):
    body = api.get(LIST_URL, {"parent": parent}).json()
    assert body["count"] > 0
    assert {item["parent_code"] for item in body["results"]} == {"32.04.05"}
    village = body["results"][0]
    assert village["code"] == "32.04.05.2001"
    assert village["postal_code"] == "40621"
    assert village["kind"] == "desa"


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("kab bandung", "32.04"),
        ("Kota Bandung", "32.73"),
        ("kebayoran baru", "31.74.07"),
    ],
)
def test_list_searches_by_name(api, query, first, django_assert_num_queries):
    with django_assert_num_queries(2):
        body = api.get(
            LIST_URL, {"q": query, "level": 2 if "bandung" in query.lower() else 3}
        )
    assert body.json()["results"][0]["code"] == first


def test_blank_filters_count_as_absent(api):
    body = api.get(LIST_URL, {"level": "", "parent": "", "q": "  ", "limit": 1}).json()
    assert body["results"][0]["code"] == "31"


def test_list_combines_parent_and_query(api):
    body = api.get(LIST_URL, {"parent": "32.04", "q": "cileunyi"}).json()
    assert [item["code"] for item in body["results"]] == ["32.04.05"]


@pytest.mark.parametrize(
    ("params", "name"),
    [({"level": 7}, "level"), ({"level": "x"}, "level"), ({"parent": "3.2"}, "parent")],
)
def test_list_rejects_bad_filters_as_problem_json(api, params, name):
    response = api.get(LIST_URL, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "invalid_input"
    assert [param["name"] for param in body["invalid_params"]] == [name]


@pytest.mark.parametrize("code", ["32.04.05.2001", "3204052001"])
def test_detail_by_dotted_or_undotted_code(api, code, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = api.get(detail_url(code))
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "32.04.05.2001"
    assert body["name"] == "Cileunyi Kulon"
    assert body["parent_code"] == "32.04.05"
    assert [item["code"] for item in body["path"]] == ["32", "32.04", "32.04.05"]
    assert body["path"][1] == {
        "code": "32.04",
        "name": "Kabupaten Bandung",
        "level": 2,
        "kind": "kabupaten",
    }


def test_detail_of_province_has_empty_path(api):
    body = api.get(detail_url("51")).json()
    assert (body["name"], body["path"]) == ("Bali", [])


@pytest.mark.parametrize("code", ["33.01", "3301", "junk", "91.01"])
def test_detail_unknown_code_is_404_problem_json(api, code):
    response = api.get(detail_url(code))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 404
    assert body["code"] == "not_found"
    assert body["type"].endswith("/not_found")


def test_writes_are_not_allowed(api):
    assert api.post(LIST_URL, {}).status_code == 405
    assert api.delete(detail_url("32")).status_code == 405


def test_schema_documents_the_regions_operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = schema["paths"]
    list_op = paths["/api/v1/regions/"]["get"]
    assert list_op["operationId"] == "regions_list"
    params = {param["name"] for param in list_op["parameters"]}
    assert {"level", "parent", "q", "limit", "offset"} <= params
    detail_op = paths["/api/v1/regions/{code}/"]["get"]
    assert detail_op["operationId"] == "regions_retrieve"
    components = schema["components"]["schemas"]
    assert "PaginatedRegionOutputList" in components
    assert "path" in components["RegionDetailOutput"]["properties"]
