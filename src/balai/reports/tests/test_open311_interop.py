# SPDX-License-Identifier: EUPL-1.2
"""Spec section 12: two independent Open311 clients against a loopback server.

``georeport`` (JSON and XML) and ``civicbot`` (JSON, including a real form POST)
are third-party PyPI packages; the module is skipped where they are not installed.
"""

from __future__ import annotations

import pytest

from balai.reports.models import Report
from balai.reports.tests.factories import category, open311_key, pothole, submitted

georeport = pytest.importorskip("georeport")
civicbot_open311 = pytest.importorskip("civicbot.open311")
civicbot_http = pytest.importorskip("civicbot.http")
civicbot_registry = pytest.importorskip("civicbot.registry")

JURISDICTION = "bandung.go.id"
TEXT = "Jalan berlubang di depan SD Negeri 3, Kecamatan Cibeunying"


@pytest.fixture
def dataset(transactional_db):
    pothole()
    category("pju-mati", name_id="PJU mati", group="penerangan")
    first = submitted(description=TEXT, attributes={"ukuran": "besar"})
    second = submitted(service_code="pju-mati", description="Lampu mati")
    return first, second


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_client(live_server, dataset, fmt):
    first, second = dataset
    client = georeport.GeoReport(
        f"{live_server.url}/open311/v2", jurisdiction=JURISDICTION, output_format=fmt
    )
    services = client.get_service_list()
    codes = {s["service_code"] for s in services}
    assert codes == {"jalan-berlubang", "pju-mati"}
    definition = client.get_service_definition("jalan-berlubang")
    assert definition["service_code"] == "jalan-berlubang"
    listed = client.get_service_requests(service_code="pju-mati", status="open")
    listed = [listed] if isinstance(listed, dict) else listed
    assert [r["service_request_id"] for r in listed] == [second.public_id]
    both = client.get_service_requests(
        service_request_id=f"{first.public_id},{second.public_id}",
        start_date="2020-01-01T00:00:00Z",
        end_date="2099-01-01T00:00:00+07:00",
    )
    assert {r["service_request_id"] for r in both} == {
        first.public_id,
        second.public_id,
    }
    one = client.get_service_request(first.public_id)
    assert one["description"] == TEXT


def test_civicbot_client_reads_and_posts(live_server, dataset):
    first, _second = dataset
    key = open311_key("civicbot")
    endpoint = civicbot_registry.Endpoint(
        id="bandung",
        name="Kota Bandung",
        base_url=f"{live_server.url}/open311/v2",
        write=True,
    )
    transport = civicbot_http.HttpTransport(
        rate_limiter=civicbot_http.RateLimiter(min_interval=0)
    )
    client = civicbot_open311.Open311Client(
        endpoint, transport=transport, jurisdiction_id=JURISDICTION
    )
    assert {s["service_code"] for s in client.list_services()} >= {"jalan-berlubang"}
    assert client.get_request(first.public_id)["service_request_id"] == first.public_id
    assert len(client.list_requests(page_size=1)) == 1
    with pytest.raises(civicbot_http.HttpError) as error:
        client.get_token("tidak-ada")
    assert error.value.status == 404
    prepared = client.create_request(
        "jalan-berlubang",
        dry_run=False,
        confirm="SEND",
        api_key=key,
        validate_remote=True,
        lat=-6.89,
        lng=107.61,
        description=TEXT,
        attributes={"ukuran": "kecil"},
    )
    request_id = prepared.response[0]["service_request_id"]
    assert Report.objects.get(public_id=request_id).description == TEXT
    by_address = client.create_request(
        "pju-mati",
        dry_run=False,
        confirm="SEND",
        api_key=key,
        validate_remote=True,
        address_string="Jl. Ganesa No. 10, Lb. Siliwangi, Coblong, Kota Bandung",
        description="Lampu padam",
    )
    assert by_address.response[0]["service_request_id"]
