# SPDX-License-Identifier: EUPL-1.2
"""SMS and WhatsApp through an HTTP gateway.

POSTs ``{"to", "text", "channel"}`` as JSON to ``NOTIFICATIONS["<channel>_url"]`` with
``Authorization: Bearer <NOTIFICATIONS["<channel>_token"]>``. A 4xx answer is permanent
(except 408 and 429), a 5xx answer, a timeout or a refused connection is temporary. The
provider id is read from the JSON answer (``id`` or ``message_id``) when there is one.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from django.conf import settings

from balai.notifications.backends.base import (
    BackendNotConfigured,
    ChannelBackend,
    DeliveryError,
)

if TYPE_CHECKING:
    from balai.notifications.models import Message

_RETRYABLE_CLIENT_ERRORS = {408, 425, 429}
_MAX_ANSWER_BYTES = 64 * 1024


class HttpGatewayBackend(ChannelBackend):
    name = "http"

    def send(self, message: Message) -> str | None:
        conf = settings.NOTIFICATIONS
        url = conf.get(f"{message.channel}_url") or ""
        if not url:
            setting = f"BALAI_{message.channel.upper()}_GATEWAY_URL"
            raise BackendNotConfigured(
                f"No gateway URL for {message.channel}: set {setting}."
            )
        if urlsplit(url).scheme not in {"http", "https"}:
            raise BackendNotConfigured(
                f"The {message.channel} gateway URL must be http(s)."
            )
        request = Request(  # noqa: S310 - the scheme is checked above
            url,
            data=json.dumps(
                {
                    "to": message.recipient,
                    "text": message.body or message.subject,
                    "channel": message.channel,
                },
                ensure_ascii=False,
            ).encode("utf-8"),
            method="POST",
            headers=_headers(conf.get(f"{message.channel}_token") or ""),
        )
        timeout = conf.get("http_timeout") or 10
        try:
            with urlopen(request, timeout=timeout) as response:  # noqa: S310
                answer = response.read(_MAX_ANSWER_BYTES)
        except HTTPError as exc:
            exc.close()
            permanent = (
                400 <= exc.code < 500 and exc.code not in _RETRYABLE_CLIENT_ERRORS
            )
            raise DeliveryError(
                f"The {message.channel} gateway answered HTTP {exc.code}.",
                permanent=permanent,
            ) from None
        except (URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            kind = type(reason).__name__ if not isinstance(reason, str) else "URLError"
            raise DeliveryError(
                f"The {message.channel} gateway is unreachable ({kind}).",
                permanent=False,
            ) from None
        return _provider_id(answer)


def _headers(token: str) -> dict[str, str]:
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Accept": "application/json",
        "User-Agent": "Balai-notifications/1",
    }
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return headers


def _provider_id(answer: bytes) -> str | None:
    try:
        data: Any = json.loads(answer.decode("utf-8")) if answer else None
    except (UnicodeDecodeError, ValueError):
        return None
    if isinstance(data, dict):
        value = data.get("id") or data.get("message_id")
        if value is not None:
            return str(value)[:255]
    return None
