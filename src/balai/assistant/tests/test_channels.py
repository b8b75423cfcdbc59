# SPDX-License-Identifier: EUPL-1.2
"""WhatsApp Cloud API and Telegram Bot API webhooks, with recorded payloads."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import pytest

from balai.assistant.models import Conversation, Message
from balai.notifications.backends import memory

pytestmark = pytest.mark.django_db
PAYLOADS = Path(__file__).parent / "payloads"
WA = "/api/v1/assistant/whatsapp/"
TG = "/api/v1/assistant/telegram/"
APP_SECRET = "uji-app-secret"


@pytest.fixture(autouse=True)
def _channels(settings):
    settings.ASSISTANT_WHATSAPP_APP_SECRET = APP_SECRET
    settings.ASSISTANT_WHATSAPP_VERIFY_TOKEN = "uji-verify"
    settings.ASSISTANT_TELEGRAM_SECRET = "uji-telegram"


def _signed(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_whatsapp_subscription_check(client):
    query = {"hub.mode": "subscribe", "hub.verify_token": "uji-verify",
             "hub.challenge": "1158201444"}  # fmt: skip
    response = client.get(WA, query)
    assert response.status_code == 200
    assert response.content == b"1158201444"
    query["hub.verify_token"] = "wrong"
    assert client.get(WA, query).status_code == 403


def test_a_signed_whatsapp_message_is_answered_through_the_outbox(
    client, django_capture_on_commit_callbacks
):
    body = (PAYLOADS / "whatsapp_text.json").read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            WA, body, content_type="application/json",
            headers={"X-Hub-Signature-256": _signed(body)},
        )  # fmt: skip
    assert response.status_code == 200
    conversation = Conversation.objects.get()
    assert conversation.channel == "whatsapp"
    assert "6280000000001" not in conversation.external_id  # only a keyed hash
    answer = conversation.messages.get(speaker="assistant")
    assert (answer.intent, answer.service) == ("requirements", "akta-kelahiran")
    sent = [m for m in memory.outbox if m.channel == "whatsapp"]
    assert [m.recipient for m in sent] == ["6280000000001"]
    assert "/layanan/akta-kelahiran/" in sent[0].body
    # the next message continues the same conversation (context)
    follow = body.replace(b"syarat bikin akte lahir apa aja?", b"berapa biayanya?")
    client.post(
        WA, follow, content_type="application/json",
        headers={"X-Hub-Signature-256": _signed(follow)},
    )  # fmt: skip
    latest = Message.objects.filter(speaker="assistant").order_by("created_at").last()
    assert (latest.intent, latest.service) == ("fee", "akta-kelahiran")
    assert Conversation.objects.count() == 1


@pytest.mark.parametrize("signature", ["", "sha256=00", None])
def test_unsigned_or_badly_signed_whatsapp_posts_are_refused(client, signature):
    body = (PAYLOADS / "whatsapp_text.json").read_bytes()
    header = _signed(body, "another-secret") if signature is None else signature
    response = client.post(
        WA, body, content_type="application/json",
        headers={"X-Hub-Signature-256": header},
    )  # fmt: skip
    assert response.status_code == 403
    assert not Conversation.objects.exists()


def test_whatsapp_status_updates_are_acknowledged_and_ignored(client):
    body = (PAYLOADS / "whatsapp_status.json").read_bytes()
    response = client.post(
        WA, body, content_type="application/json",
        headers={"X-Hub-Signature-256": _signed(body)},
    )  # fmt: skip
    assert response.status_code == 200
    assert not Conversation.objects.exists()


def test_a_telegram_message_is_answered_in_the_webhook_response(client):
    body = (PAYLOADS / "telegram_text.json").read_bytes()
    response = client.post(
        TG, body, content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": "uji-telegram"},
    )  # fmt: skip
    assert response.status_code == 200
    answer = response.json()
    assert answer["method"] == "sendMessage"
    assert answer["chat_id"] == 5000000001
    assert "/layanan/kartu-keluarga/" in answer["text"]
    message = Message.objects.get(speaker="assistant")
    assert (message.intent, message.service) == ("duration", "kartu-keluarga")


def test_telegram_without_the_secret_is_refused_and_stickers_are_ignored(client):
    body = (PAYLOADS / "telegram_text.json").read_bytes()
    wrong = client.post(
        TG, body, content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": "nope"},
    )  # fmt: skip
    assert wrong.status_code == 403
    sticker = (PAYLOADS / "telegram_sticker.json").read_bytes()
    ignored = client.post(
        TG, sticker, content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": "uji-telegram"},
    )  # fmt: skip
    assert ignored.status_code == 200
    assert not Conversation.objects.exists()


def test_channels_are_off_without_secrets(client, settings):
    settings.ASSISTANT_WHATSAPP_APP_SECRET = ""
    settings.ASSISTANT_TELEGRAM_SECRET = ""
    assert client.post(WA, b"{}", content_type="application/json").status_code == 404
    assert client.post(TG, b"{}", content_type="application/json").status_code == 404
