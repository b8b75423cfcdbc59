# SPDX-License-Identifier: EUPL-1.2
"""Open311 reads: discovery, services, definitions, requests with every filter."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

import pytest

from balai.reports.constants import CloseReason, Status
from balai.reports.models import Category, Report
from balai.reports.tests.factories import category, pothole, submitted
from balai.reports.tests.open311_support import W3C, get

pytestmark = pytest.mark.django_db
FORMATS = ["json", "xml"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_discovery_has_every_field_and_both_formats(client, fmt):
    pothole()
    response, body = get(client, "discovery", fmt)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert {"changeset", "contact", "key_service", "endpoints"} <= set(body)
    endpoint = body["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["type"] in {"production", "test"}
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert W3C.match(body["changeset"])


def test_discovery_changeset_moves_when_a_service_changes(client):
    item = pothole()
    before = get(client, "discovery")[1]["changeset"]
    Category.objects.filter(pk=item.pk).update(
        updated_at=timezone.now() + dt.timedelta(seconds=5)
    )
    assert get(client, "discovery")[1]["changeset"] != before


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_list_fields(client, fmt):
    pothole()
    category("pju-mati", name_id="PJU mati", group="penerangan", attributes=[])
    category("lama", name_id="Lama", is_active=False)
    response, body = get(client, "services", fmt, jurisdiction_id="bandung.go.id")
    assert response.status_code == 200
    codes = [s["service_code"] for s in body]
    assert codes == ["jalan-berlubang", "pju-mati"]  # by group, inactive left out
    first = body[0]
    assert set(first) == {
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    }
    assert first["service_name"] == "Jalan berlubang"
    assert first["metadata"] in (True, "true")
    assert first["type"] == "realtime"
    second = body[1]
    assert second["metadata"] in (False, "false")


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_definition_lists_attributes(client, fmt):
    pothole()
    response, body = get(client, "services/jalan-berlubang", fmt)
    assert response.status_code == 200
    assert body["service_code"] == "jalan-berlubang"
    attributes = body["attributes"]
    assert [a["order"] for a in attributes] in (
        [1, 2, 3, 4, 5],
        ["1", "2", "3", "4", "5"],
    )
    size = attributes[0]
    assert size["code"] == "ukuran" and size["datatype"] == "singlevaluelist"
    assert size["required"] in (True, "true") and size["variable"] in (True, "true")
    assert size["values"][0] == {"key": "kecil", "name": "Kecil (< 30 cm)"}
    assert {
        "variable",
        "code",
        "datatype",
        "required",
        "datatype_description",
        "order",
        "description",
    } <= set(size)
    assert attributes[4]["variable"] in (False, "false")


def test_definition_json_types(client):
    pothole()
    body = get(client, "services/jalan-berlubang")[1]
    assert body["attributes"][0]["order"] == 1
    assert body["attributes"][0]["required"] is True


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_service_definition_is_404_with_error_body(client, fmt):
    response, body = get(client, "services/tidak-ada", fmt)
    assert response.status_code == 404
    assert body[0]["code"] in (404, "404")
    assert "tidak-ada" in body[0]["description"]


def test_service_without_metadata_has_empty_definition(client):
    category("pju-mati", attributes=[])
    response, body = get(client, "services/pju-mati")
    assert response.status_code == 200
    assert body == {"service_code": "pju-mati", "attributes": []}


@pytest.mark.parametrize("fmt", FORMATS)
def test_single_request_has_all_fields_and_is_a_one_element_list(client, fmt):
    report = submitted(
        description="Jalan berlubang di depan SD Negeri 3, Kecamatan Cibeunying"
    )
    response, body = get(client, f"requests/{report.public_id}", fmt)
    assert response.status_code == 200
    assert isinstance(body, list) and len(body) == 1
    item = body[0]
    for key in [
        "service_request_id",
        "status",
        "status_notes",
        "service_name",
        "service_code",
        "description",
        "agency_responsible",
        "service_notice",
        "requested_datetime",
        "updated_datetime",
        "expected_datetime",
        "address",
        "address_id",
        "zipcode",
        "lat",
        "long",
        "media_url",
    ]:
        assert key in item, key
    assert item["service_request_id"] == report.public_id
    assert item["status"] == "open"
    assert (
        item["description"]
        == "Jalan berlubang di depan SD Negeri 3, Kecamatan Cibeunying"
    )
    for key in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert W3C.match(item[key]), item[key]
    if fmt == "json":
        assert isinstance(item["lat"], float) and isinstance(item["long"], float)
        assert isinstance(item["service_request_id"], str)


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_request_is_404(client, fmt):
    response, body = get(client, "requests/LPR-TIDAKADA", fmt)
    assert response.status_code == 404
    assert body[0]["description"]


def _make_three() -> list[Report]:
    pothole()
    category("pju-mati", name_id="PJU mati", group="penerangan")
    now = timezone.now()
    reports = [
        submitted(attributes={"ukuran": "kecil"}),
        submitted(service_code="pju-mati", description="Lampu mati"),
        submitted(attributes={"ukuran": "besar"}),
    ]
    for index, report in enumerate(reports):
        Report.objects.filter(pk=report.pk).update(
            requested_at=now - dt.timedelta(days=index * 10)
        )
    Report.objects.filter(pk=reports[2].pk).update(
        status=Status.CLOSED, close_reason=CloseReason.FIXED, closed_at=now
    )
    return [Report.objects.get(pk=r.pk) for r in reports]


@pytest.mark.parametrize("fmt", FORMATS)
def test_request_list_filters(client, fmt):
    a, b, c = _make_three()

    def ids(**params):
        response, body = get(client, "requests", fmt, **params)
        assert response.status_code == 200, body
        return [item["service_request_id"] for item in body]

    assert ids() == [a.public_id, b.public_id, c.public_id]  # newest first
    assert ids(status="open") == [a.public_id, b.public_id]
    assert ids(status="closed") == [c.public_id]
    assert ids(status="open,closed") == ids()
    assert ids(status="") == ids()  # empty = absent
    assert ids(service_code="pju-mati") == [b.public_id]
    assert ids(service_code="pju-mati,jalan-berlubang") == ids()
    since = (timezone.now() - dt.timedelta(days=15)).strftime("%Y-%m-%dT%H:%M:%S+07:00")
    assert ids(start_date=since) == [a.public_id, b.public_id]
    until = (timezone.now() - dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ids(end_date=until) == [b.public_id, c.public_id]
    assert ids(
        service_request_id=f"{c.public_id},{a.public_id},LPR-NONE", status="open"
    ) == [a.public_id, c.public_id]


def test_date_window_is_inclusive_and_bad_dates_are_400(client):
    _a, b, _c = _make_three()
    b.refresh_from_db()
    stamp = b.requested_at.astimezone(dt.UTC).replace(microsecond=0)
    Report.objects.filter(pk=b.pk).update(requested_at=stamp)
    text = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    response, body = get(client, "requests", start_date=text, end_date=text)
    assert [i["service_request_id"] for i in body] == [b.public_id]
    local = stamp.astimezone(dt.timezone(dt.timedelta(hours=7))).isoformat()
    response, body = get(client, "requests", start_date=local, end_date=local)
    assert [i["service_request_id"] for i in body] == [b.public_id]
    for bad in ("2025-13-01", "kemarin", "2025-03-01T00:00:00"):
        response, body = get(client, "requests", start_date=bad)
        assert response.status_code == 400
        assert "start_date" in body[0]["description"]
    # zones PostgreSQL cannot store, and a date that falls before year 1 in UTC
    response, body = get(client, "requests", start_date="0100-07-13T18:22:45+21:12")
    assert response.status_code == 200, body
    response, body = get(client, "requests", start_date="0001-01-01T00:00:00+05:00")
    assert response.status_code == 400
    assert "start_date" in body[0]["description"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_bad_status_is_400(client, fmt):
    response, body = get(client, "requests", fmt, status="foo")
    assert response.status_code == 400
    assert "status" in body[0]["description"]


def test_default_window_is_ninety_days(client):
    a, _b, c = _make_three()
    Report.objects.filter(pk=c.pk).update(
        requested_at=timezone.now() - dt.timedelta(days=91)
    )
    ids = [i["service_request_id"] for i in get(client, "requests")[1]]
    assert c.public_id not in ids and a.public_id in ids
    old = (timezone.now() - dt.timedelta(days=100)).strftime("%Y-%m-%dT%H:%M:%SZ")
    ids = [i["service_request_id"] for i in get(client, "requests", start_date=old)[1]]
    assert c.public_id in ids


def test_paging_and_updated_filters(client):
    reports = _make_three()
    pages = []
    for page in (1, 2, 3, 4):
        response, body = get(client, "requests", page=page, page_size=1)
        assert response["X-Total-Count"] == "3"
        pages.append([i["service_request_id"] for i in body])
    assert pages == [[r.public_id] for r in reports] + [[]]
    assert 'rel="next"' in get(client, "requests", page=1, page_size=1)[0]["Link"]
    for bad in ("0", "1001", "x"):
        assert get(client, "requests", page_size=bad)[0].status_code == 400
    Report.objects.filter(pk=reports[1].pk).update(
        updated_at=timezone.now() + dt.timedelta(hours=1)
    )
    after = (timezone.now() + dt.timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = get(client, "requests", updated_after=after)[1]
    assert [i["service_request_id"] for i in body] == [reports[1].public_id]
    body = get(client, "requests", updated_before=after)[1]
    assert reports[1].public_id not in [i["service_request_id"] for i in body]


@pytest.mark.parametrize("fmt", FORMATS)
def test_extensions_add_extended_attributes_and_notes(client, fmt):
    report = submitted()
    body = get(client, f"requests/{report.public_id}", fmt, extensions="true")[1]
    item = body[0]
    assert item["extended_attributes"]["channel"] == "web"
    assert item["notes"][0]["type"] == "created"
    plain = get(client, f"requests/{report.public_id}", fmt)[1][0]
    assert "extended_attributes" not in plain and "notes" not in plain


def test_hidden_reports_are_never_listed(client):
    report = submitted()
    Report.objects.filter(pk=report.pk).update(is_hidden=True)
    assert get(client, "requests")[1] == []
    assert get(client, f"requests/{report.public_id}")[0].status_code == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_jurisdiction_rules(client, settings, fmt):
    pothole()
    assert (
        get(client, "services", fmt, jurisdiction_id="bandung.go.id")[0].status_code
        == 200
    )
    response, body = get(client, "services", fmt, jurisdiction_id="jakarta.go.id")
    assert response.status_code == 404 and "jurisdiction_id" in body[0]["description"]
    settings.OPEN311_JURISDICTIONS = ["bandung.go.id", "cimahi.go.id"]
    for path in (
        "services",
        "services/jalan-berlubang",
        "requests",
        "requests/X",
        "tokens/X",
    ):
        response, body = get(client, path, fmt)
        assert response.status_code == 400, path
        assert "jurisdiction_id" in body[0]["description"]
        assert (
            get(client, path, fmt, jurisdiction_id="bogor.go.id")[0].status_code == 404
        )


def test_unknown_paths_and_methods(client):
    response = client.get("/open311/v2/services")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert client.get("/open311/v2/services.csv").status_code == 404
    response = client.delete("/open311/v2/services.xml")
    assert response.status_code == 405  # with the methods that are allowed
    assert response["Allow"] == "GET"
    assert response["Content-Type"] == "text/xml; charset=utf-8"


def test_unknown_token_is_404(client):
    response, _body = get(client, "tokens/abc", "xml")
    assert response.status_code == 404


def test_rate_limit_answers_429(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "open311_read": "2/m"}
    assert get(client, "services")[0].status_code == 200
    assert get(client, "services")[0].status_code == 200
    response, body = get(client, "services")
    assert response.status_code == 429 and response["Retry-After"]
    assert body[0]["code"] == 429
