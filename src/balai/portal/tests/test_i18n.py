# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from django.conf import settings

import pytest


@pytest.mark.django_db
def test_language_switch_sets_cookie_and_next_page_is_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/tentang/"})
    assert response.status_code == 302
    assert response["Location"] == "/tentang/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    page = client.get("/tentang/")
    html = page.content.decode()
    assert '<html lang="en">' in html
    assert "Open source" in html
    assert page["Content-Language"] == "en"
    assert "Public services, closer to you" in client.get("/").content.decode()


@pytest.mark.django_db
def test_language_switch_back_to_indonesian(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    assert '<html lang="id">' in client.get("/").content.decode()


@pytest.mark.django_db
def test_accept_language_alone_does_not_switch_pages(client):
    response = client.get("/", headers={"accept-language": "en"})
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "Layanan publik, lebih dekat dengan Anda" in html


@pytest.mark.django_db
def test_language_switch_form_offers_both_languages(client):
    html = client.get("/?q=1").content.decode()
    assert 'action="/i18n/setlang/" method="post"' in html
    assert 'name="next" value="/?q=1"' in html
    assert 'name="language" value="id" lang="id" aria-pressed="true"' in html
    assert ">Bahasa Indonesia<" in html
    assert 'name="language" value="en" lang="en" aria-pressed="false"' in html
    assert ">English<" in html
