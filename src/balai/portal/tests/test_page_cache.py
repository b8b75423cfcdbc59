# SPDX-License-Identifier: EUPL-1.2
"""Whole public pages kept per process (balai.core.pagecache): who gets them, what
they hold, and when they are rendered anew."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import Client

import pytest

from balai.catalog.loader import catalog
from balai.core import navigation, pagecache

LOGIN_BACKEND = "balai.accounts.backends.LoginBackend"
PAGES = ["/", "/layanan/", "/layanan/akta-kelahiran/"]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _tokens(html: str) -> list[str]:
    found = TOKEN.findall(html)
    header = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', html)
    assert header is not None
    return [*found, header.group(1)]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_an_anonymous_page_is_rendered_once_and_then_served_alike(path):
    first = Client().get(path)
    assert first.status_code == 200
    assert first.templates  # rendered
    assert pagecache.stored() == 1
    second = Client().get(path)
    assert second.status_code == 200
    assert not second.templates  # served from the store
    assert pagecache.stored() == 1
    strip = lambda html: TOKEN.sub("", re.sub(r"X-CSRFToken\": \"[^\"]+", "", html))  # noqa: E731
    assert strip(second.content.decode()) == strip(first.content.decode())
    for name in ("Content-Type", "Content-Language", "Vary", "X-Frame-Options"):
        assert second[name] == first[name], name
    assert "Cookie" in second["Vary"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_no_token_is_stored_and_each_visitor_gets_a_working_token_of_their_own(path):
    Client().get(path)
    (page,) = pagecache._pages.values()
    assert pagecache.PLACEHOLDER.encode() in page.body
    assert b"csrfmiddlewaretoken" in page.body
    assert not re.search(rb'csrfmiddlewaretoken" value="(?!balaicsrf)', page.body)
    assert all(name.lower() != "set-cookie" for name, _value in page.headers)

    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get(path)
    assert not response.templates  # from the store
    html = response.content.decode()
    assert pagecache.PLACEHOLDER not in html
    tokens = _tokens(html)
    assert len(set(tokens)) == 1 and len(tokens[0]) == 64
    # the CSRF cookie is set as for a rendered page, and the token works with it
    assert settings.CSRF_COOKIE_NAME in response.cookies
    switched = visitor.post(
        "/i18n/setlang/",
        {"language": "en", "next": path, "csrfmiddlewaretoken": tokens[0]},
    )
    assert switched.status_code == 302
    # another visitor gets another token
    assert _tokens(Client().get(path).content.decode())[0] != tokens[0]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_a_signed_in_user_never_gets_the_anonymous_page_and_vice_versa(path, citizen):
    anonymous = Client().get(path).content.decode()
    assert ">Masuk<" in anonymous

    member = Client()
    member.force_login(citizen, backend=LOGIN_BACKEND)
    for _ in range(2):
        response = member.get(path)
        assert response.templates  # always rendered for them
        html = response.content.decode()
        assert ">Akun saya<" in html and ">Masuk<" not in html
    assert pagecache.stored() == 1  # their page was not kept

    again = Client().get(path)
    assert not again.templates
    html = again.content.decode()
    assert ">Masuk<" in html and ">Akun saya<" not in html
    assert "Siti" not in html


@pytest.mark.django_db
def test_a_signed_in_users_page_rendered_first_is_not_kept_for_anonymous(citizen):
    member = Client()
    member.force_login(citizen, backend=LOGIN_BACKEND)
    assert "Selamat datang, Siti." in member.get("/").content.decode()
    assert pagecache.stored() == 0
    html = Client().get("/").content.decode()
    assert "Siti" not in html and ">Masuk<" in html


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_the_language_switch_gives_the_other_language(path):
    Client().get(path)
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(2):
        response = english.get(path)
        html = response.content.decode()
        assert '<html lang="en">' in html and ">Log in<" in html
        assert response["Content-Language"] == "en"
    assert pagecache.stored() == 2
    html = Client().get(path).content.decode()
    assert '<html lang="id">' in html and ">Masuk<" in html


@pytest.mark.django_db
def test_the_language_form_posts_back_to_the_page_it_is_on():
    Client().get("/layanan/akta-kelahiran/")
    html = Client().get("/layanan/").content.decode()
    assert '<input type="hidden" name="next" value="/layanan/">' in html
    html = Client().get("/layanan/akta-kelahiran/").content.decode()
    assert '<input type="hidden" name="next" value="/layanan/akta-kelahiran/">' in html


@pytest.mark.django_db
def test_a_visitor_with_a_session_or_messages_is_rendered_for(client):
    session = client.session
    session["assistant_handoff"] = True
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    assert client.get("/").templates
    assert client.get("/").templates
    assert pagecache.stored() == 0

    with_messages = Client()
    with_messages.cookies[CookieStorage.cookie_name] = "x"
    assert with_messages.get("/").templates
    assert pagecache.stored() == 0


@pytest.mark.django_db
def test_a_message_added_after_a_stored_page_shows(client, rf):
    Client().get("/")
    # the logout message lives in the messages cookie: its page is rendered
    storage = CookieStorage(rf.get("/"))
    storage.add(messages.INFO, "Anda telah keluar.")
    response = HttpResponse()
    storage.update(response)
    client.cookies[CookieStorage.cookie_name] = response.cookies[
        CookieStorage.cookie_name
    ].value
    html = client.get("/").content.decode()
    assert "Anda telah keluar." in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "extra",
    [
        {"QUERY_STRING": "q=akte"},
        {"HTTP_HX_REQUEST": "true"},
        {"HTTP_AUTHORIZATION": "Bearer x"},
    ],
)
def test_query_strings_htmx_and_credentials_are_rendered_for(extra):
    Client().get("/layanan/")
    query = extra.pop("QUERY_STRING", "")
    response = Client().get("/layanan/" + ("?" + query if query else ""), **extra)
    assert response.status_code == 200
    if "HTTP_HX_REQUEST" in extra:  # the results partial, not the stored page
        assert b"<html" not in response.content
    else:
        assert response.templates
    assert pagecache.stored() == 1


@pytest.mark.django_db
def test_a_changed_catalogue_or_navigation_is_rendered_anew(monkeypatch):
    Client().get("/layanan/")
    assert not Client().get("/layanan/").templates
    monkeypatch.setattr(catalog(), "fingerprint", "another catalogue")
    assert Client().get("/layanan/").templates  # another key
    navigation.register_link("main", "portal:about", "Tentang", order=99)
    try:
        assert pagecache.stored() == 0
    finally:
        navigation._links.pop(("main", "portal:about"))
        navigation._ordered_links.clear()
        pagecache.clear()


@pytest.mark.django_db
def test_pages_expire_and_can_be_turned_off(settings, monkeypatch):
    Client().get("/")
    assert not Client().get("/").templates
    clock = pagecache.time.monotonic() + settings.PAGE_CACHE_SECONDS + 1
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: clock)
    assert Client().get("/").templates  # expired: rendered and kept again
    assert not Client().get("/").templates
    settings.PAGE_CACHE_SECONDS = 0
    assert Client().get("/").templates
    assert pagecache.stored() == 0


@pytest.mark.django_db
def test_an_unknown_service_is_not_kept():
    assert Client().get("/layanan/tidak-ada/").status_code == 404
    assert Client().get("/layanan/tidak-ada/").status_code == 404
    assert pagecache.stored() == 0
