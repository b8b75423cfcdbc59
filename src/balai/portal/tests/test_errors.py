# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.test import Client
from django.utils import translation

import pytest

from balai.portal import views

ERROR_PAGES = [
    (views.error_400, 400, "Permintaan tidak valid", "Bad request"),
    (views.error_403, 403, "Akses ditolak", "Access denied"),
    (views.error_404, 404, "Halaman tidak ditemukan", "Page not found"),
]


@pytest.mark.parametrize(("handler", "status", "indonesian", "english"), ERROR_PAGES)
@pytest.mark.django_db
def test_error_page_renders_in_both_languages(
    get_request, handler, status, indonesian, english
):
    for language, title in (("id", indonesian), ("en", english)):
        with translation.override(language):
            response = handler(get_request(), Exception("boom"))
        html = response.content.decode()
        assert response.status_code == status
        assert f'<html lang="{language}">' in html
        assert title in html
        assert '<main id="main"' in html


@pytest.mark.parametrize(
    ("language", "title"), [("id", "Kesalahan server"), ("en", "Server error")]
)
def test_500_renders_standalone_in_both_languages(rf, language, title):
    # No user, session or database: the page must not need them.
    with translation.override(language):
        response = views.error_500(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{language}">' in html
    assert title in html


def test_500_falls_back_to_minimal_bilingual_html(rf, monkeypatch):
    def broken(name):
        raise RuntimeError("template engine down")

    monkeypatch.setattr(views.loader, "get_template", broken)
    response = views.error_500(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in html
    assert "Server error" in html


@pytest.mark.django_db
def test_real_404_through_the_client_in_both_languages(client):
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_csrf_failure_page_is_friendly_and_translated():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "en"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formulir sudah kedaluwarsa" in html
    assert '<html lang="id">' in html


@pytest.mark.django_db
def test_error_messages_are_announced_as_alerts(get_request):
    request = get_request()
    messages.error(request, "Gagal menyimpan")
    messages.success(request, "Tersimpan")
    html = views.error_404(request).content.decode()
    assert 'class="alert alert--error" role="alert"' in html
    assert 'class="alert alert--success" role="status"' in html
