# SPDX-License-Identifier: EUPL-1.2
"""The chat widget on every portal page, the chat page without JavaScript, and the
widget in a real browser at phone width, driven by the keyboard."""

from __future__ import annotations

import re

import pytest

from balai.assistant.models import Message

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/layanan/", "/layanan/ktp-el/", "/tanya/faq/"])
def test_the_widget_is_on_every_portal_page(client, path):
    page = client.get(path).content.decode()
    assert "data-chat-widget" in page
    assert 'role="log"' in page and 'aria-live="polite"' in page
    assert 'hx-post="/tanya/pesan/"' in page
    # no CDN host (a bare "cdn" can occur inside the page's random CSRF token)
    assert not re.search(r"\bcdn\b|cdn\.|//cdn", page.lower())


def test_the_widget_is_on_error_pages_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "data-chat-widget" in response.content.decode()


def test_the_chat_page_works_without_javascript(client):
    page = client.get("/tanya/").content.decode()
    assert "data-chat-widget" not in page  # the page is the chat itself
    response = client.post("/tanya/pesan/", {"text": "syarat bikin ktp apa aja"})
    assert response.status_code == 302
    page = client.get("/tanya/").content.decode()
    assert "syarat bikin ktp apa aja" in page
    assert "Kartu Keluarga" in page
    assert 'href="/layanan/ktp-el/"' in page
    assert "Apakah ini menjawab pertanyaan Anda?" in page
    client.post("/tanya/pesan/", {"text": "berapa biayanya?"})
    page = client.get("/tanya/").content.decode()
    assert "tidak dipungut biaya" in page  # the same conversation: KTP-el's fee


def test_the_widget_loads_the_conversation_so_far(client):
    assert client.get("/tanya/riwayat/").content.decode().strip() == ""
    client.post("/tanya/pesan/", {"text": "syarat bikin kk"})
    html = client.get("/tanya/riwayat/").content.decode()
    assert html.count("<li") == 2
    assert "syarat bikin kk" in html


def test_htmx_gets_the_two_new_turns(client):
    response = client.post(
        "/tanya/pesan/", {"text": "halo"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<li") == 2
    assert "chat__turn--citizen" in html and "chat__turn--assistant" in html


def test_an_empty_question_keeps_the_page_and_says_why(client):
    response = client.post("/tanya/pesan/", {"text": "  "})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert Message.objects.count() == 0


def test_feedback_from_the_page(client):
    client.post("/tanya/pesan/", {"text": "halo"})
    answer = Message.objects.get(speaker="assistant")
    response = client.post(
        f"/tanya/umpan-balik/{answer.pk}/",
        {"helpful": "no"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Terima kasih atas tanggapan Anda." in response.content.decode()
    answer.refresh_from_db()
    assert answer.helpful is False


def test_a_comment_beside_the_feedback_and_one_too_long(client):
    client.post("/tanya/pesan/", {"text": "halo"})
    answer = Message.objects.get(speaker="assistant")
    url = f"/tanya/umpan-balik/{answer.pk}/"
    page = client.get("/tanya/").content.decode()
    assert "Tambahkan komentar (opsional)" in page and 'name="comment"' in page
    too_long = {"helpful": "no", "comment": "kurang jelas " * 100}
    response = client.post(url, too_long, headers={"HX-Request": "true"})
    assert response.status_code == 200  # htmx swaps only 2xx: the form comes back
    html = response.content.decode()
    assert "Tulis paling banyak 1000 karakter." in html
    assert "kurang jelas kurang jelas" in html  # what was written is given back
    assert 'aria-invalid="true"' in html
    response = client.post(url, too_long)  # without htmx: a whole page
    assert response.status_code == 400
    assert "<html" in response.content.decode()
    assert "Tulis paling banyak 1000 karakter." in response.content.decode()
    answer.refresh_from_db()
    assert answer.helpful is None
    response = client.post(url, {"helpful": "yes", "comment": "mantap, jelas"})
    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.helpful, answer.feedback_comment) == (True, "mantap, jelas")


@pytest.mark.browser
def test_the_widget_on_a_phone_with_the_keyboard(
    transactional_db, live_server, phone_page
):
    page = phone_page
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.goto(f"{live_server.url}/layanan/")
    toggle = page.locator("[data-chat-widget] summary")
    toggle.focus()
    page.keyboard.press("Enter")
    box = page.get_by_label("Pertanyaan Anda")
    box.wait_for()
    assert page.evaluate("document.activeElement.name") == "text"
    page.keyboard.type("berapa biaya akte lahir?")
    page.keyboard.press("Enter")
    answer = page.locator("#chat-widget-log .chat__turn--assistant").first
    answer.wait_for()
    assert "Akta Kelahiran" in answer.inner_text()
    assert box.input_value() == ""  # cleared for the next question
    answer.get_by_text("Tambahkan komentar (opsional)").click()
    answer.get_by_label("Komentar Anda").fill("kurang lengkap, syaratnya tidak ada")
    answer.get_by_role("button", name="Tidak").click()
    answer.get_by_text("Terima kasih atas tanggapan Anda.").wait_for()
    page.goto(f"{live_server.url}/")  # another page: the conversation comes back
    page.locator("[data-chat-widget] summary").click()
    earlier = page.locator("#chat-widget-log .chat__turn--citizen").first
    earlier.wait_for()
    assert "akte lahir" in earlier.inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "the widget must not make the page scroll sideways"
    page.keyboard.press("Escape")
    assert page.locator("[data-chat-widget]").get_attribute("open") is None
    assert violations == []


@pytest.mark.browser
def test_an_officers_answer_appears_in_the_widget_without_reloading(
    transactional_db, live_server, phone_page, settings
):
    from django.db import connections

    from balai.accounts.testing import verified
    from balai.accounts.tests.factories import StaffFactory
    from balai.assistant import services
    from balai.assistant.models import Conversation

    settings.ASSISTANT_POLL_SECONDS = 1
    page = phone_page
    try:
        page.goto(f"{live_server.url}/layanan/")
        page.locator("[data-chat-widget] summary").click()
        box = page.get_by_label("Pertanyaan Anda")
        box.fill("saya mau bicara dengan petugas")
        box.press("Enter")
        page.locator("#chat-widget-log .chat__turn--assistant").first.wait_for()
        page.locator("#chat-poll[data-chat-poll]").wait_for(state="attached")
        conversation = Conversation.objects.get(handed_off=True)
        officer = verified(StaffFactory())
        services.officer_reply(
            actor=officer, conversation=conversation, text="Halo, saya Budi."
        )
        officer_turn = page.locator("#chat-widget-log .chat__turn--officer")
        officer_turn.first.wait_for(timeout=10_000)
        assert "Halo, saya Budi." in officer_turn.first.inner_text()
        assert officer_turn.count() == 1  # delivered once
    finally:
        connections.close_all()
