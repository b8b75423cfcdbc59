# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from django.apps import apps
from django.urls import NoReverseMatch, reverse

import pytest

from balai.portal import offerings

LOGIN_BACKEND = "balai.accounts.backends.LoginBackend"


@pytest.mark.django_db
def test_home_renders_in_indonesian_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "Layanan publik, lebih dekat dengan Anda" in html
    assert "Layanan daring" in html
    assert ">Beranda<" in html
    assert ">Masuk<" in html
    assert ">Daftar<" in html
    assert response["Content-Language"] == "id"


@pytest.mark.django_db
def test_about_renders_in_indonesian_by_default(client):
    response = client.get("/tentang/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "Sumber terbuka" in html
    assert "Pelindungan Data Pribadi" in html
    assert 'id="privacy"' in html


@pytest.mark.django_db
def test_home_marks_current_page_in_navigation(client):
    html = client.get("/").content.decode()
    assert 'href="/" aria-current="page"' in html
    assert 'href="/tentang/" aria-current="page"' not in html


@pytest.mark.django_db
def test_home_greets_logged_in_citizen_and_links_account(client, citizen):
    client.force_login(citizen, backend=LOGIN_BACKEND)
    html = client.get("/").content.decode()
    assert "Selamat datang, Siti." in html
    assert 'href="/akun/"' in html
    assert ">Akun saya<" in html
    assert 'action="/akun/keluar/" method="post"' in html
    assert ">Masuk<" not in html


@pytest.mark.django_db
def test_home_links_reporting_and_marks_only_uninstalled_apps_coming_soon(client):
    html = client.get("/").content.decode()
    assert '<a href="/lapor/">Laporkan masalah</a>' in html
    coming = [o for o in offerings.OFFERINGS if not apps.is_installed(o.app)]
    assert html.count("Segera hadir") == len(coming)


def test_every_offering_of_an_installed_app_resolves():
    """A renamed URL must fail here, not turn a working service into "coming soon"."""
    for offering in offerings.OFFERINGS:
        if apps.is_installed(offering.app):
            assert reverse(offering.url_name)
    resolved = {item.key: item.url for item in offerings.offering_list()}
    assert resolved["reports"] == "/lapor/"
    assert resolved["services"] == reverse("catalog:service-list")


def test_offering_of_an_installed_app_with_a_bad_url_fails_loudly(monkeypatch):
    monkeypatch.setattr(
        offerings,
        "OFFERINGS",
        (
            offerings.Offering("a", "A", "a", "portal:about", "balai.portal"),
            offerings.Offering("b", "B", "b", "later:page", "balai.not_yet"),
        ),
    )
    assert [item.url for item in offerings.offering_list()] == ["/tentang/", None]
    monkeypatch.setattr(
        offerings,
        "OFFERINGS",
        (offerings.Offering("c", "C", "c", "reports:report-create", "balai.reports"),),
    )
    with pytest.raises(NoReverseMatch):
        offerings.offering_list()


@pytest.mark.django_db
def test_pages_refuse_post(client):
    assert client.post("/").status_code == 405


@pytest.mark.django_db
def test_pages_answer_head_requests(client):
    assert client.head("/").status_code == 200
    assert client.head("/tentang/").status_code == 200
