# SPDX-License-Identifier: EUPL-1.2
"""The officer console: figures, the handoff queue with the transcript, answering."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

import pytest
from rest_framework.test import APIClient

from balai.accounts.tests.conftest import login, pass_two_factor
from balai.accounts.tests.factories import StaffFactory, UserFactory
from balai.assistant import selectors, services
from balai.assistant.models import Conversation, Message
from balai.security.models import AuditEntry

pytestmark = pytest.mark.django_db
URL = "/api/v1/assistant/messages"


def _officer_client(client):
    officer = StaffFactory()
    login(client, officer)
    pass_two_factor(client, officer)
    return officer, client


def test_figures_count_fallbacks_handoffs_and_helpfulness():
    api = APIClient()
    first = api.post(URL, {"text": "syarat bikin ktp"}, format="json").json()
    api.post(f"{URL}/{first['message']}/feedback/", {"helpful": True}, format="json")
    second = api.post(URL, {"text": "qwrtpz xkcdvb"}, format="json").json()
    api.post(f"{URL}/{second['message']}/feedback/", {"helpful": False}, format="json")
    api.post(URL, {"text": "saya mau bicara dengan petugas"}, format="json")
    figures = selectors.console_figures()
    assert figures.conversations == 3
    assert figures.questions == 3
    assert figures.handoff_rate == pytest.approx(1 / 3)
    assert figures.rated == 2 and figures.helpfulness == 0.5
    weak = [m.text for m in selectors.weak_questions()]
    assert "qwrtpz xkcdvb" in weak
    assert "syarat bikin ktp" not in weak


def test_an_officer_answers_a_handed_off_conversation(client):
    api = APIClient()
    answer = api.post(URL, {"text": "tolong sambungkan ke petugas"}, format="json")
    conversation_id = answer.json()["conversation"]
    _officer, browser = _officer_client(client)
    page = browser.get("/petugas/asisten/").content.decode()
    assert f"/petugas/asisten/{conversation_id}/" in page
    page = browser.get(f"/petugas/asisten/{conversation_id}/").content.decode()
    assert "tolong sambungkan ke petugas" in page
    assert AuditEntry.objects.filter(action="assistant.conversation.read").exists()
    response = browser.post(
        f"/petugas/asisten/{conversation_id}/",
        {"text": "Selamat siang, ada yang bisa kami bantu?", "close": "1"},
    )
    assert response.status_code == 302
    conversation = Conversation.objects.get(pk=conversation_id)
    assert not conversation.handed_off
    assert conversation.messages.filter(speaker="officer").count() == 1
    assert not selectors.handoff_queue().exists()
    shown = api.get(f"/api/v1/assistant/conversations/{conversation_id}/").json()
    assert [m["speaker"] for m in shown["messages"]] == [
        "citizen",
        "assistant",
        "officer",
    ]
    assert shown["handed_off"] is False


def test_an_empty_officer_answer_keeps_the_page(client):
    conversation = Conversation.objects.create(handed_off=True)
    __officer, browser = _officer_client(client)
    response = browser.post(f"/petugas/asisten/{conversation.pk}/", {"text": " "})
    assert response.status_code == 400
    assert Message.objects.count() == 0


def test_citizens_cannot_answer_as_officers():
    conversation = Conversation.objects.create(handed_off=True)
    with pytest.raises(PermissionDenied):
        services.officer_reply(actor=UserFactory(), conversation=conversation, text="x")
    assert Message.objects.count() == 0


def test_the_citizens_page_receives_the_officers_answers_live(client):
    """While an officer has the conversation, the citizen's page polls for new turns
    (a poller swapped in by the handing-off answer, then on every page); 204 when
    nothing is new, 286 (htmx: stop) once the officer closed it."""
    from django.test import Client

    citizen = Client()
    htmx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "chat-widget-log"}
    assert citizen.get("/tanya/baru/").status_code == 286  # no conversation: no poll
    plain = citizen.post("/tanya/pesan/", {"text": "syarat bikin ktp"}, **htmx)
    assert "data-chat-poll" not in plain.content.decode()
    handed = citizen.post(
        "/tanya/pesan/", {"text": "saya mau bicara dengan petugas"}, **htmx
    ).content.decode()
    assert 'id="chat-poll"' in handed and 'hx-swap-oob="true"' in handed
    assert 'hx-get="/tanya/baru/"' in handed
    assert 'hx-target="#chat-widget-log"' in handed
    assert citizen.get("/tanya/baru/").status_code == 204  # the officer is silent
    # every page now carries the poller (the widget and the chat page)
    assert 'hx-trigger="every 10s"' in citizen.get("/layanan/").content.decode()
    assert "data-chat-poll" in citizen.get("/tanya/").content.decode()

    conversation = Conversation.objects.get(handed_off=True)
    _officer, desk = _officer_client(client)
    desk.post(f"/petugas/asisten/{conversation.pk}/", {"text": "Halo, saya Budi."})
    update = citizen.get("/tanya/baru/")
    assert update.status_code == 200
    assert "Halo, saya Budi." in update.content.decode()
    assert update.content.decode().count("<li") == 1  # only the new turn
    assert citizen.get("/tanya/baru/").status_code == 204  # delivered once

    desk.post(
        f"/petugas/asisten/{conversation.pk}/",
        {"text": "Permohonan Anda sudah kami cek.", "close": "1"},
    )
    last = citizen.get("/tanya/baru/")  # the closing answer still arrives
    assert "Permohonan Anda sudah kami cek." in last.content.decode()
    assert citizen.get("/tanya/baru/").status_code == 286
    assert "data-chat-poll" not in citizen.get("/layanan/").content.decode()
