# SPDX-License-Identifier: EUPL-1.2
"""Open311 POST /requests and tokens: keys, locations, attributes, limits."""

from __future__ import annotations

from django.db import connection

import pytest

from balai.reports.constants import ServiceType
from balai.reports.models import Report, RequestToken
from balai.reports.tests.factories import category, jpeg_with_gps, open311_key, pothole
from balai.reports.tests.open311_support import get, post

pytestmark = pytest.mark.django_db
FORMATS = ["json", "xml"]
TEXT = "Jalan berlubang di depan SD Negeri 3, Kecamatan Cibeunying"


@pytest.fixture
def key() -> str:
    pothole()
    return open311_key()


def _valid(key: str, **extra) -> dict:
    data = {
        "api_key": key,
        "service_code": "jalan-berlubang",
        "lat": "-6.89",
        "long": "107.61",
        "description": TEXT,
        "attribute[ukuran]": "besar",
        "jurisdiction_id": "bandung.go.id",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("fmt", FORMATS)
def test_valid_post_returns_id_and_is_visible(client, key, fmt):
    response, body = post(client, fmt, **_valid(key))
    assert response.status_code == 200, body
    assert len(body) == 1
    item = body[0]
    assert "token" not in item
    request_id = item["service_request_id"]
    report = Report.objects.get(public_id=request_id)
    assert report.channel == "open311" and report.api_client is not None
    single = get(client, f"requests/{request_id}", fmt)[1][0]
    assert single["description"] == TEXT  # non-ASCII round trip, byte-exact
    listed = get(client, "requests", fmt, service_request_id=request_id)[1]
    assert listed[0]["service_request_id"] == request_id


@pytest.mark.parametrize(
    "location", [{"address_string": "Jl. Dago No. 1, Coblong"}, {"address_id": "A-123"}]
)
def test_post_with_address_only(client, key, location):
    data = _valid(key, lat=None, long=None, **location)
    response, body = post(client, **data)
    assert response.status_code == 200, body


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("change", "status", "needle"),
    [
        ({"lat": None, "long": None}, 400, "lat/long"),
        ({"long": None}, 400, "lat/long"),
        ({"lat": "91"}, 400, "lat/long"),
        ({"lat": "abc"}, 400, "lat/long"),
        ({"service_code": None}, 400, "service_code"),
        ({"service_code": "tidak-ada"}, 404, "service_code"),
        ({"attribute[ukuran]": None}, 400, "ukuran"),
        ({"attribute[ukuran]": "raksasa"}, 400, "ukuran"),
        ({"attribute[kedalaman]": "12,5"}, 400, "kedalaman"),
        ({"attribute[sejak]": "kemarin"}, 400, "sejak"),
        ({"description": "x" * 4001}, 400, "description"),
        ({"email": "bukan-email"}, 400, "email"),
    ],
)
def test_bad_posts_are_refused_and_store_nothing(
    client, key, fmt, change, status, needle
):
    data = _valid(key)
    for name, value in change.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    response, body = post(client, fmt, **data)
    assert response.status_code == status, body
    assert any(needle in error["description"] for error in body), body
    assert Report.objects.count() == 0


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("given", [None, "salah", "o311_tidakvalid"])
def test_missing_or_wrong_key_is_403(client, key, fmt, given):
    data = _valid(key, api_key=given)
    response, body = post(client, fmt, **data)
    assert response.status_code == 403
    assert body[0]["code"] in (403, "403")
    assert Report.objects.count() == 0


def test_bearer_key_is_accepted(client, key):
    data = _valid(key)
    data.pop("api_key")
    response = client.post(
        "/open311/v2/requests.json", data, HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert response.status_code == 200


def test_attribute_values_are_checked_and_stored(client, key):
    data = _valid(
        key,
        **{
            "attribute[kedalaman]": "12.5",
            "attribute[sejak]": "2025-03-01T09:30:00+07:00",
            "attribute[fms_id]": "9876",  # unknown: kept, no error
            "unknown_field": "ignored",
        },
    )
    data["attribute[lajur][]"] = ["kiri", "kanan"]
    response, body = post(client, **data)
    assert response.status_code == 200, body
    report = Report.objects.get(public_id=body[0]["service_request_id"])
    assert report.attributes["lajur"] == ["kiri", "kanan"]
    assert report.attributes["kedalaman"] == "12.5"
    assert report.attributes["fms_id"] == "9876"


def test_multivalue_outside_list_is_400(client, key):
    data = _valid(key)
    data["attribute[lajur][]"] = ["kiri", "tengah"]
    response, body = post(client, **data)
    assert response.status_code == 400 and "lajur" in body[0]["description"]


def test_description_of_4000_characters_is_accepted(client, key):
    response, body = post(client, **_valid(key, description="y" * 4000))
    assert response.status_code == 200, body


def test_personal_fields_are_stored_encrypted_and_never_echoed(client, key):
    data = _valid(
        key,
        email="siti@contoh.id",
        first_name="Siti",
        last_name="Rahayu",
        phone="081234567890",
        device_id="device-777",
        account_id="acct-555",
    )
    _response, body = post(client, **data)
    request_id = body[0]["service_request_id"]
    report = Report.objects.get(public_id=request_id)
    assert report.contact_email == "siti@contoh.id"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT contact_email FROM reports_report WHERE id = %s",
            [report.pk.hex if connection.vendor == "sqlite" else report.pk],
        )
        raw = cursor.fetchone()[0]
    assert raw and "siti" not in raw
    for fmt in FORMATS:
        for path in (f"requests/{request_id}", "requests"):
            content = client.get(
                f"/open311/v2/{path}.{fmt}", {"extensions": "true"}
            ).content
            for secret in (
                b"siti",
                b"Siti",
                b"Rahayu",
                b"0812345",
                b"device-777",
                b"acct-555",
            ):
                assert secret not in content


def test_multipart_media_is_cleaned(client, key):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile

    data = _valid(key)
    data["media"] = SimpleUploadedFile(
        "a.jpg", jpeg_with_gps(), content_type="image/jpeg"
    )
    response = client.post("/open311/v2/requests.json", data)
    assert response.status_code == 200, response.content
    report = Report.objects.get(public_id=response.json()[0]["service_request_id"])
    photo = report.photos.get()
    from PIL import Image

    with Image.open(BytesIO(photo.file.read())) as image:
        assert not image.getexif()
    media_url = client.get(f"/open311/v2/requests/{report.public_id}.json").json()[0][
        "media_url"
    ]
    assert media_url.startswith("http://testserver/laporan/")
    assert client.get(media_url).status_code == 200


@pytest.mark.parametrize("fmt", FORMATS)
def test_batch_service_returns_token_and_token_resolves(client, fmt):
    category("pohon-tumbang", service_type=ServiceType.BATCH)
    key = open311_key()
    data = {
        "api_key": key,
        "service_code": "pohon-tumbang",
        "address_string": "Jl. Riau",
    }
    response, body = post(client, fmt, **data)
    assert response.status_code == 200
    item = body[0]
    assert "service_request_id" not in item and item["token"]
    token = RequestToken.objects.get(token=item["token"])
    response, body = get(client, f"tokens/{item['token']}", fmt)
    assert response.status_code == 200
    assert body[0] == {
        "service_request_id": token.report.public_id,
        "token": item["token"],
    }


def test_posts_are_rate_limited_per_api_key(client, key, settings):
    """Open311 writes on the one rate limiter (RATE_LIMITS["open311_write"])."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "open311_write": "2/h"}
    statuses = [post(client, **_valid(key))[0].status_code for _ in range(2)]
    assert statuses == [200, 200]
    response, body = post(client, **_valid(key))
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert body[0]["code"] == 429
    assert Report.objects.count() == 2
