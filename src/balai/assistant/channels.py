# SPDX-License-Identifier: EUPL-1.2
"""Chat channels: WhatsApp Cloud API and Telegram Bot API webhooks.

Both are thin adapters around ``services.channel_message_handle``: verify the sender
(WhatsApp: HMAC-SHA256 of the raw body with the app secret, header
``X-Hub-Signature-256``; Telegram: the ``secret_token`` of setWebhook, header
``X-Telegram-Bot-Api-Secret-Token``), take the text messages out of the update, answer.
WhatsApp answers go out through the notifications outbox (channel ``whatsapp``);
Telegram answers ride on the webhook response (``{"method": "sendMessage", ...}``),
which the Bot API allows. Chat ids are stored only as keyed hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from balai.assistant import services
from balai.assistant.constants import MAX_TEXT, Channel
from balai.core import ratelimit
from balai.core.errors import BalaiError

logger = logging.getLogger(__name__)
MAX_BODY = 256 * 1024


def chat_key(channel: str, chat_id: str) -> str:
    """A keyed hash of an external chat id (no phone number is stored)."""
    secret = str(settings.SECRET_KEY).encode()
    digest = hmac.new(secret, f"{channel}\0{chat_id}".encode(), hashlib.sha256)
    return digest.hexdigest()[:40]


def whatsapp_signature_valid(body: bytes, header: str, secret: str) -> bool:
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return bool(header) and hmac.compare_digest(expected, header)


def whatsapp_texts(update: dict[str, Any]) -> list[tuple[str, str]]:
    """``(sender, text)`` of each text message in a Cloud API webhook update."""
    found = []
    for entry in update.get("entry") or []:
        for change in entry.get("changes") or []:
            value = change.get("value") or {}
            for message in value.get("messages") or []:
                if message.get("type") == "text" and message.get("from"):
                    body = str((message.get("text") or {}).get("body") or "")
                    if body.strip():
                        found.append((str(message["from"]), body[:MAX_TEXT]))
    return found


def _answer(channel: str, chat_id: str, text: str) -> services.Answer | None:
    key = chat_key(channel, chat_id)
    decision = ratelimit.hit("assistant", f"{channel}:{key}")
    if not decision.allowed:
        return None
    try:
        return services.channel_message_handle(
            channel=channel, external_id=key, text=text
        )
    except BalaiError as exc:
        logger.info("assistant.channel_refused channel=%s code=%s", channel, exc.code)
        return None


@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp_webhook(request: HttpRequest) -> HttpResponse:
    secret = settings.ASSISTANT_WHATSAPP_APP_SECRET
    if not secret:
        raise Http404("WhatsApp is not configured")
    if request.method == "GET":  # Meta's subscription check
        token = settings.ASSISTANT_WHATSAPP_VERIFY_TOKEN
        if (
            request.GET.get("hub.mode") == "subscribe"
            and token
            and hmac.compare_digest(request.GET.get("hub.verify_token", ""), token)
        ):
            return HttpResponse(
                request.GET.get("hub.challenge", ""), content_type="text/plain"
            )
        return HttpResponse(status=403)
    body = request.body[: MAX_BODY + 1]
    if len(body) > MAX_BODY or not whatsapp_signature_valid(
        body, request.headers.get("X-Hub-Signature-256", ""), secret
    ):
        return HttpResponse(status=403)
    try:
        update = json.loads(body)
    except ValueError:
        return HttpResponse(status=400)
    from balai.notifications.services import message_send

    for sender, text in whatsapp_texts(update if isinstance(update, dict) else {}):
        answer = _answer(Channel.WHATSAPP, sender, text)
        if answer is None:
            continue
        message_send(
            channel="whatsapp",
            recipient=sender,
            template="assistant_reply",
            context={"reply": answer.reply.text, "sources": answer.reply.sources,
                     "base": settings.PUBLIC_BASE_URL},
            language=_language(answer),
        )  # fmt: skip
    return HttpResponse(status=200)


def _language(answer: services.Answer) -> str:
    understood = answer.reply.understanding
    return "en" if understood is not None and understood.language == "en" else "id"


@csrf_exempt
@require_POST
def telegram_webhook(request: HttpRequest) -> HttpResponse:
    secret = settings.ASSISTANT_TELEGRAM_SECRET
    if not secret:
        raise Http404("Telegram is not configured")
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not hmac.compare_digest(given, secret):
        return HttpResponse(status=403)
    if len(request.body) > MAX_BODY:
        return HttpResponse(status=413)
    try:
        update = json.loads(request.body)
        message = update.get("message") or {}
        chat_id = str(message["chat"]["id"])
        text = str(message.get("text") or "")[:MAX_TEXT]
    except (ValueError, KeyError, TypeError, AttributeError):
        return HttpResponse(status=200)  # not a text message: nothing to answer
    if not text.strip():
        return HttpResponse(status=200)  # a sticker, photo...: nothing to answer
    if text.startswith("/start"):
        text = "halo"
    answer = _answer(Channel.TELEGRAM, chat_id, text)
    if answer is None:
        return HttpResponse(status=200)
    lines = [answer.reply.text]
    base = str(getattr(settings, "PUBLIC_BASE_URL", "") or "").rstrip("/")
    lines += [f"{s['title']}: {base}{s['url']}" for s in answer.reply.sources]
    return JsonResponse(
        {
            "method": "sendMessage",
            "chat_id": message["chat"]["id"],
            "text": "\n".join(lines),
        }
    )
