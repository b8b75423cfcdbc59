# SPDX-License-Identifier: EUPL-1.2
"""Nearby duplicates, "support instead", "Laporan Saya", the phone's status look-up."""

from __future__ import annotations

import uuid
from typing import Any

from django.test import Client
from django.urls import reverse

import pytest

from balai.accounts import testing as accounts_testing
from balai.accounts.tests.factories import AgencyFactory, StaffFactory, UserFactory
from balai.reports import services
from balai.reports.constants import Status
from balai.reports.models import Category, Report
from balai.reports.tests.test_pwa_submit import make_category

HERE = (-6.914744, 107.609810)


def file_report(
    category: Category, *, reporter: Any = None, text: str = "Lubang", **extra: Any
) -> Report:
    return services.report_submit(
        service_code=category.code,
        description=text,
        lat=extra.pop("lat", HERE[0]),
        lon=extra.pop("lon", HERE[1]),
        address="Jl. Melati",
        reporter=reporter,
        client_token=uuid.uuid4(),
        channel="pwa",
        **extra,
    )


def verified_triage_officer() -> Any:
    officer = StaffFactory(agency=AgencyFactory(code="diskominfo"))
    return accounts_testing.verified(officer)


@pytest.fixture
def category(db) -> Category:
    return make_category()


def test_nearby_lists_open_reports_of_the_same_kind_close_by(
    client: Client, category: Category
) -> None:
    close = file_report(category, text="Lubang dekat sekolah")
    file_report(category, lat=HERE[0] + 0.05, lon=HERE[1])  # ~5.5 km away
    file_report(make_category("lampu-mati", name_id="Lampu jalan mati"))
    response = client.get(
        reverse("reports:pwa-nearby"),
        {"service_code": category.code, "lat": HERE[0], "lon": HERE[1] + 0.0001},
    )
    assert response.status_code == 200
    body = response.json()
    assert [r["public_id"] for r in body["results"]] == [close.public_id]
    first = body["results"][0]
    assert first["distance_m"] == 11
    assert first["support_url"].endswith(f"/lapor/dukung/{close.public_id}/")
    assert body["can_support"] is False


def test_nearby_refuses_a_missing_point(client: Client, category: Category) -> None:
    response = client.get(reverse("reports:pwa-nearby"), {"service_code": "x"})
    assert response.status_code == 400


def test_support_instead_needs_sign_in_and_follows_the_report(
    client: Client, category: Category
) -> None:
    report = file_report(category)
    url = reverse("reports:pwa-support", kwargs={"public_id": report.public_id})
    anonymous = client.post(url)
    assert anonymous.status_code == 302
    assert reverse("accounts:login") in anonymous["Location"]
    citizen = UserFactory()
    client.force_login(citizen)
    response = client.post(url)
    assert response.status_code == 302
    assert report.followers.filter(pk=citizen.pk).exists()


def test_support_of_an_unknown_report_is_404(client: Client, db) -> None:
    client.force_login(UserFactory())
    response = client.post(
        reverse("reports:pwa-support", kwargs={"public_id": "LPR-NOPE0000"})
    )
    assert response.status_code == 404


def test_my_reports_shows_only_ones_own_with_public_updates(
    client: Client, category: Category
) -> None:
    citizen, neighbour = UserFactory(), UserFactory()
    mine = file_report(category, reporter=citizen, text="Punya saya")
    theirs = file_report(category, reporter=neighbour, text="Punya tetangga")
    services.report_status_change(
        actor=verified_triage_officer(),
        report=mine,
        status=Status.IN_PROGRESS,
        note="Tim sudah dijadwalkan hari Kamis.",
    )
    client.force_login(citizen)
    html = client.get(reverse("reports:pwa-mine")).content.decode()
    assert mine.public_id in html
    assert theirs.public_id not in html
    assert "Tim sudah dijadwalkan hari Kamis." in html
    assert "Sedang dikerjakan" in html or "In progress" in html


def test_my_reports_for_visitors_points_to_log_in(client: Client, db) -> None:
    response = client.get(reverse("reports:pwa-mine"))
    assert response.status_code == 200
    assert reverse("accounts:login") in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_status_look_up_of_the_phones_reports(
    client: Client, category: Category
) -> None:
    report = file_report(category)
    hidden = file_report(category)
    Report.objects.filter(pk=hidden.pk).update(is_hidden=True)
    response = client.get(
        reverse("reports:pwa-status"),
        {"id": [report.public_id, hidden.public_id, "LPR-UNKNOWN1"]},
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["public_id"] for r in results] == [report.public_id]
    assert results[0]["status"] == "open"
    assert "reporter" not in results[0]


def test_status_look_up_is_bounded(client: Client, db) -> None:
    ids = [f"LPR-{n:08d}" for n in range(31)]
    assert client.get(reverse("reports:pwa-status"), {"id": ids}).status_code == 400


def test_second_report_at_the_same_spot_by_its_reporter_says_so(
    client: Client, category: Category
) -> None:
    citizen = UserFactory()
    mine = file_report(category, reporter=citizen)
    client.force_login(citizen)
    nearby = client.get(
        reverse("reports:pwa-nearby"),
        {"service_code": category.code, "lat": HERE[0], "lon": HERE[1]},
    ).json()
    assert nearby["results"][0]["mine"] is True
    url = reverse("reports:pwa-support", kwargs={"public_id": mine.public_id})
    page = client.post(url, follow=True).content.decode()
    assert "Anda sudah melaporkan masalah ini" in page
    assert "Anda sudah mendukung laporan ini" not in page
    assert mine.followers.filter(pk=citizen.pk).exists()
    # someone else who already supports it is told that
    other = UserFactory()
    client.force_login(other)
    client.post(url)
    again = client.post(url, follow=True).content.decode()
    assert "Anda sudah mendukung laporan ini" in again
    assert (
        client.get(
            reverse("reports:pwa-nearby"),
            {"service_code": category.code, "lat": HERE[0], "lon": HERE[1]},
        ).json()["results"][0]["mine"]
        is False
    )
