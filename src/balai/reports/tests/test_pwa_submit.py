# SPDX-License-Identifier: EUPL-1.2
"""The PWA's report page and submit endpoint: JSON for the queue, HTML without JS."""

from __future__ import annotations

import io
import uuid
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

import pytest
from PIL import Image

from balai.accounts.tests.factories import UserFactory
from balai.reports.models import Category, Report

JSON = {"HTTP_ACCEPT": "application/json"}


def make_category(code: str = "jalan-rusak", **extra: Any) -> Category:
    defaults = {
        "name_id": "Jalan berlubang",
        "name_en": "Pothole",
        "group": "Jalan dan trotoar",
        "description_id": "Lubang di jalan atau trotoar",
    }
    defaults.update(extra)
    category, _ = Category.objects.get_or_create(code=code, defaults=defaults)
    return category


def jpeg(
    name: str = "foto.jpg", size: tuple[int, int] = (64, 48)
) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def report_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "service_code": "jalan-rusak",
        "description": "Lubang besar di depan SDN 3, sudah dua minggu.",
        "lat": "-6.914744",
        "lon": "107.609810",
        "address": "Jl. Melati depan SDN 3",
        "client_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


@pytest.fixture
def category(db) -> Category:
    return make_category()


def test_report_page_lists_categories_grouped_and_loads_the_map_on_demand(
    client: Client, category: Category, settings
) -> None:
    settings.MAP_TILE_URL = ""
    response = client.get(reverse("reports:pwa-report"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="jalan-rusak"' in html
    assert "Jalan dan trotoar" in html  # the group's legend
    assert reverse("reports:pwa-manifest") in html
    assert 'capture="environment"' in html and "multiple" in html
    assert 'name="client_token"' in html
    # a map even without tiles, drawn over the areas; Leaflet comes when it opens
    assert 'id="pwa-map-open"' in html
    assert 'data-areas-url="/laporan/wilayah.json"' in html
    assert 'data-tile-url=""' in html
    assert 'data-leaflet-js="/static/reports/vendor/leaflet/leaflet.js"' in html
    assert '<script src="/static/reports/vendor/leaflet/leaflet.js"' not in html


def test_report_page_hands_the_tile_server_to_the_map(
    client: Client, category: Category, settings
) -> None:
    settings.MAP_TILE_URL = "https://tile.example.org/{z}/{x}/{y}.png"
    html = client.get(reverse("reports:pwa-report")).content.decode()
    assert 'data-tile-url="https://tile.example.org/{z}/{x}/{y}.png"' in html


def test_json_submit_creates_the_report_once_per_client_token(
    client: Client, category: Category
) -> None:
    data = report_data()
    first = client.post(
        reverse("reports:pwa-submit"), {**data, "photos": [jpeg()]}, **JSON
    )
    assert first.status_code == 201, first.content
    body = first.json()
    report = Report.objects.get(public_id=body["public_id"])
    assert str(report.client_token) == data["client_token"]
    assert report.channel == "pwa"
    assert report.photos.count() == 1
    assert body["status_url"] == reverse(
        "reports:public-detail", kwargs={"public_id": report.public_id}
    )

    again = client.post(
        reverse("reports:pwa-submit"), {**data, "photos": [jpeg()]}, **JSON
    )
    assert again.status_code == 200
    assert again.json()["public_id"] == report.public_id
    assert Report.objects.filter(client_token=data["client_token"]).count() == 1
    assert report.photos.count() == 1


def test_signed_in_citizen_is_the_reporter_and_may_stay_anonymous(
    client: Client, category: Category
) -> None:
    citizen = UserFactory()
    client.force_login(citizen)
    named = client.post(reverse("reports:pwa-submit"), report_data(), **JSON)
    hidden = client.post(
        reverse("reports:pwa-submit"), report_data(anonymous="on"), **JSON
    )
    first = Report.objects.get(public_id=named.json()["public_id"])
    second = Report.objects.get(public_id=hidden.json()["public_id"])
    assert first.reporter == citizen and not first.anonymous
    assert second.reporter == citizen and second.anonymous


def test_json_errors_are_field_keyed_in_indonesian_by_default(
    client: Client, category: Category
) -> None:
    response = client.post(
        reverse("reports:pwa-submit"),
        report_data(service_code="", description=""),
        **JSON,
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["service_code"] == ["Pilih jenis masalahnya."]
    assert errors["description"] == ["Jelaskan masalahnya."]
    assert not Report.objects.exists()


def test_json_errors_in_english_when_chosen(client: Client, category: Category) -> None:
    client.cookies["balai_language"] = "en"
    response = client.post(
        reverse("reports:pwa-submit"),
        report_data(description=""),
        **JSON,
    )
    assert response.status_code == 400
    assert response.json()["errors"]["description"] == ["Describe the problem."]


def test_service_errors_land_on_the_form_fields(
    client: Client, category: Category
) -> None:
    # no coordinates and no address: report_submit refuses, under "location"
    response = client.post(
        reverse("reports:pwa-submit"),
        report_data(lat="", lon="", address=""),
        **JSON,
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["address"]


def test_a_file_that_is_no_photo_is_refused_under_photos(
    client: Client, category: Category
) -> None:
    fake = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 not a photo", "image/jpeg")
    response = client.post(
        reverse("reports:pwa-submit"), {**report_data(), "photos": [fake]}, **JSON
    )
    assert response.status_code == 400
    assert "photos" in response.json()["errors"]


def test_at_most_five_photos(client: Client, category: Category) -> None:
    photos = [jpeg(f"f{i}.jpg") for i in range(6)]
    response = client.post(
        reverse("reports:pwa-submit"), {**report_data(), "photos": photos}, **JSON
    )
    assert response.status_code == 400
    assert "photos" in response.json()["errors"]


def test_plain_form_post_redirects_to_the_public_page(
    client: Client, category: Category
) -> None:
    response = client.post(reverse("reports:pwa-submit"), report_data())
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "reports:public-detail", kwargs={"public_id": report.public_id}
    )


def test_plain_form_post_with_errors_keeps_what_was_typed(
    client: Client, category: Category
) -> None:
    data = report_data(description="", address="Gang Kenari no. 7 <dekat pos>")
    response = client.post(reverse("reports:pwa-submit"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "error-summary" in html
    assert 'href="#id_description"' in html
    assert "Gang Kenari no. 7 &lt;dekat pos&gt;" in html
    assert 'value="-6.914744"' in html
    assert f'value="{data["client_token"]}"' in html  # a resend stays idempotent
    assert 'value="jalan-rusak" id="id_service_code_0" checked' in html
    assert not Report.objects.exists()


def test_submit_requires_the_csrf_token(category: Category) -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("reports:pwa-submit"), report_data(), **JSON)
    assert response.status_code == 403
    token = strict.get(reverse("reports:pwa-token")).json()["csrf_token"]
    accepted = strict.post(
        reverse("reports:pwa-submit"), report_data(), HTTP_X_CSRFTOKEN=token, **JSON
    )
    assert accepted.status_code == 201


def test_token_endpoint_is_never_cached(client: Client) -> None:
    response = client.get(reverse("reports:pwa-token"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert len(response.json()["csrf_token"]) >= 32


def test_submissions_are_rate_limited_per_address(client, settings, db):
    """Anonymous floods are cut off with 429; the queue retries later."""
    from django.urls import reverse

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "report_submit": "2/h"}
    url = reverse("reports:pwa-submit")
    statuses = [client.post(url, {}).status_code for _ in range(3)]
    assert 429 not in statuses[:2]
    assert statuses[2] == 429
