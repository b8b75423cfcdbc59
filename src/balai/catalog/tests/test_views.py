# SPDX-License-Identifier: EUPL-1.2
"""Public catalog pages: browse, search without and with htmx, the service page."""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse

import pytest

from balai.catalog.selectors import service_get
from balai.catalog.views import apply_url

LIST = "/layanan/"


def test_list_page_browses_by_life_event_and_agency(client):
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="by-life-event"' in html and 'id="by-agency"' in html
    assert "Kelahiran anak" in html
    assert "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu" in html
    for slug in ("akta-kelahiran", "pbg", "pengaduan"):
        assert f'href="/layanan/{slug}/"' in html
    assert 'role="search"' in html and 'name="q"' in html


def test_list_page_filters_by_life_event(client):
    html = client.get(LIST, {"peristiwa": "kematian"}).content.decode()
    assert 'id="event-kematian"' in html
    assert 'id="event-kelahiran"' not in html


def test_search_works_without_javascript(client):
    response = client.get(LIST, {"q": "akte lahir"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    results = html.split('id="results"')[1].split('id="by-life-event"')[0]
    assert "/layanan/akta-kelahiran/" in results
    assert "/layanan/ktp-el/" not in results


def test_search_with_htmx_returns_only_the_results(client):
    response = client.get(LIST, {"q": "surat miskin"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert html.strip().startswith('<div id="results"')
    assert "/layanan/sktm/" in html
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_search_without_match_says_so_in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(LIST, {"q": "xyzzy"}).content.decode()
    assert "No service matches your search" in html


def test_service_page_shows_everything_before_applying(client):
    response = client.get("/layanan/akta-kelahiran/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "Akta Kelahiran" in html
    assert "Surat keterangan lahir dari rumah sakit" in html  # requirement
    assert "Gratis" in html
    assert "3 hari kerja" in html
    assert "Verifikasi berkas" in html  # a step
    assert "Pasal 79A" in html  # legal basis
    assert "Dinas Kependudukan dan Pencatatan Sipil" in html


def test_the_published_steps_come_from_the_declared_approval_chain(client):
    """The page names who decides from the same sign-off steps the workflow
    enforces (cases.approvals): an officer verifies, then the agency head signs."""
    from balai.catalog.selectors import service_get

    service = service_get("akta-kelahiran")
    html = client.get("/layanan/akta-kelahiran/").content.decode()
    line = html.split("data-approval-chain>", 1)[1].split("</p>", 1)[0]
    names = [f"({step.name.id})" for step in service.approval_chain]
    assert names == ["(Verifikasi berkas)", "(Penandatanganan elektronik akta)"]
    assert [line.index(name) for name in names] == sorted(
        line.index(name) for name in names
    )
    assert "Kepala instansi" in line and "Petugas" in line


def test_service_page_in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/layanan/pbg/").content.decode()
    assert "Building approval (PBG)" in html
    assert "28 working days" in html
    assert "Depends on your case" in html


def test_unknown_service_is_a_404_page(client):
    assert client.get("/layanan/paspor/").status_code == 404


@pytest.mark.urls("balai.catalog.tests.urls_without_cases")
def test_apply_button_is_hidden_while_cases_has_no_start_page(client):
    with pytest.raises(NoReverseMatch):
        reverse("cases:application-start", kwargs={"slug": "kia"})
    html = client.get("/layanan/kia/").content.decode()
    assert "Ajukan permohonan" not in html
    assert "segera dibuka" in html
    assert apply_url(service_get("kia")) is None


@pytest.mark.urls("balai.catalog.tests.urls_with_cases")
def test_apply_button_links_to_the_cases_start_page(client):
    html = client.get("/layanan/kia/").content.decode()
    assert 'href="/permohonan/baru/kia/"' in html
    assert "Ajukan permohonan" in html


@pytest.mark.parametrize(
    ("slug", "url", "label"),
    [
        ("pbb-p2", "/pajak/pbb/", "Ke halaman pajak"),
        ("pengaduan", "/lapor/", "Buat laporan"),
    ],
)
def test_tax_and_report_services_point_to_their_feature(client, slug, url, label):
    html = client.get(f"/layanan/{slug}/").content.decode()
    assert f'href="{url}"' in html
    assert label in html


def test_pages_use_no_database_queries(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get("/layanan/akta-kematian/")
        client.get(LIST, {"q": "ktp"})
