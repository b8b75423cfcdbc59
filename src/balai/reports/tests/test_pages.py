# SPDX-License-Identifier: EUPL-1.2
"""Public pages hide the reporter; the board is scoped to the officer's agency."""

from __future__ import annotations

import pytest

from balai.accounts.tests.factories import StaffFactory, UserFactory
from balai.reports.models import Report
from balai.reports.tests.factories import agency, category, rule, submitted, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def routed():
    roads = category()
    pu = agency("dinas-pu")
    rule(agency=pu, category=roads)
    reporter = UserFactory(full_name="Wulan Sembiring", email="wulan@contoh.id")
    report = submitted(
        reporter=reporter,
        anonymous=True,
        photos=[upload()],
        contact={"email": "kontak.rahasia@contoh.id", "phone": "0811223344"},
    )
    return report, pu


def test_public_pages_never_show_the_reporter(client, routed):
    report, _pu = routed
    pages = [
        client.get("/laporan/"),
        client.get(f"/laporan/{report.public_id}/"),
        client.get("/laporan/peta.json"),
        client.get(f"/open311/v2/requests/{report.public_id}.xml?extensions=true"),
    ]
    for response in pages:
        assert response.status_code == 200
        for secret in (
            b"Wulan",
            b"Sembiring",
            b"wulan@",
            b"kontak.rahasia",
            b"0811223344",
        ):
            assert secret not in response.content
    assert report.public_id.encode() in pages[1].content
    geojson = pages[2].json()
    assert geojson["features"][0]["properties"]["public_id"] == report.public_id


def test_hidden_report_is_404_publicly(client, routed):
    report, _pu = routed
    Report.objects.filter(pk=report.pk).update(is_hidden=True)
    assert client.get(f"/laporan/{report.public_id}/").status_code == 404
    photo = report.photos.get()
    assert (
        client.get(f"/laporan/{report.public_id}/foto/{photo.pk}.jpg").status_code
        == 404
    )


def test_follow_needs_sign_in_then_works(client, routed):
    report, _pu = routed
    response = client.post(f"/laporan/{report.public_id}/ikuti/")
    assert response.status_code == 302 and "/akun/" in response["Location"]
    citizen = UserFactory()
    client.force_login(citizen, backend="balai.accounts.backends.LoginBackend")
    client.post(f"/laporan/{report.public_id}/ikuti/")
    assert report.followers.filter(pk=citizen.pk).exists()


def test_board_scoped_to_agency_and_actions_work(staff_client, routed):
    report, pu = routed
    other = staff_client(StaffFactory(agency=agency("dlh")))
    assert other.get(f"/petugas/laporan/{report.public_id}/").status_code == 404
    assert report.public_id.encode() not in other.get("/petugas/laporan/").content
    other.logout()
    officer = staff_client(StaffFactory(agency=pu))
    page = officer.get("/petugas/laporan/")
    assert report.public_id.encode() in page.content
    detail = officer.get(f"/petugas/laporan/{report.public_id}/")
    assert detail.status_code == 200 and b"kontak.rahasia@contoh.id" in detail.content
    bad = officer.post(
        f"/petugas/laporan/{report.public_id}/status/",
        {"status": "closed", "note": "Selesai diperbaiki"},
    )
    assert bad.status_code == 400
    assert "Selesai diperbaiki" in bad.content.decode()  # nothing typed is lost
    ok = officer.post(
        f"/petugas/laporan/{report.public_id}/status/",
        {"status": "closed", "close_reason": "fixed", "note": "Selesai"},
    )
    assert ok.status_code == 302
    report.refresh_from_db()
    assert report.status == "closed" and report.close_reason == "fixed"
    timeline = officer.get(f"/laporan/{report.public_id}/").content.decode()
    assert "Selesai" in timeline
    for path in ("peta/", "statistik/"):
        assert officer.get(f"/petugas/laporan/{path}").status_code == 200


def test_citizen_cannot_open_the_board(client, routed):
    client.force_login(UserFactory(), backend="balai.accounts.backends.LoginBackend")
    assert client.get("/petugas/laporan/").status_code == 403


def test_bulk_change_on_the_board_says_what_happened_to_each_report(
    staff_client, routed
):
    report, pu = routed
    closed = submitted()
    Report.objects.filter(pk=closed.pk).update(status="closed", close_reason="fixed")
    officer = staff_client(StaffFactory(agency=pu))
    response = officer.post(
        "/petugas/laporan/massal/",
        {"report": [report.public_id, closed.public_id], "status": "in_progress"},
        follow=True,
    )
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert shown[0].startswith("1 ")
    assert any(closed.public_id in m for m in shown)
    assert not any(report.public_id in m for m in shown)
    report.refresh_from_db()
    closed.refresh_from_db()
    assert (report.status, closed.status) == ("in_progress", "closed")


def test_status_form_offers_only_what_the_state_machine_allows(staff_client, routed):
    report, pu = routed
    officer = staff_client(StaffFactory(agency=pu))
    form = officer.get(f"/petugas/laporan/{report.public_id}/").context["status_form"]
    offered = [value for value, _label in form.fields["status"].choices]
    assert offered == ["acknowledged", "in_progress", "closed"]
    refused = officer.post(
        f"/petugas/laporan/{report.public_id}/status/", {"status": "open"}
    )
    assert refused.status_code == 400
    report.refresh_from_db()
    assert report.status == "open"


def test_areas_are_served_as_geojson_for_every_map(client):
    from balai.reports.seed import seed_catalogue

    seed_catalogue()
    response = client.get("/laporan/wilayah.json")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    data = response.json()
    assert data["type"] == "FeatureCollection"
    names = {f["properties"]["name"] for f in data["features"]}
    assert "Kecamatan Coblong" in names
    coblong = next(f for f in data["features"] if f["properties"]["code"] == "coblong")
    assert coblong["geometry"]["type"] == "Polygon"
    assert coblong["properties"]["region_code"] == "32.73.02"


def test_officer_map_draws_without_tiles(staff_client, routed, settings):
    settings.MAP_TILE_URL = ""
    report, pu = routed
    officer = staff_client(StaffFactory(agency=pu))
    html = officer.get("/petugas/laporan/peta/").content.decode()
    assert 'src="/static/reports/vendor/leaflet/leaflet.js"' in html
    assert 'src="/static/reports/basemap.js"' in html
    assert 'data-areas-url="/laporan/wilayah.json"' in html
    assert f'data-label="{report.public_id} ' in html
