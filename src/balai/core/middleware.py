# SPDX-License-Identifier: EUPL-1.2
"""Request id, client address, language selection and domain not-found as 404."""

from __future__ import annotations

import contextvars
import ipaddress
import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation

from balai.core.errors import NotFound

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "request_id", default=""
)
_client_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "client_ip", default=None
)
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str:
    """The id of the request being served in this context, or an empty string."""
    return _request_id.get()


def current_client_ip() -> str | None:
    """The client address of the request being served in this context, or None."""
    return _client_ip.get()


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR when it is a valid address (IPv4-mapped IPv6 unwrapped), else None.

    Forwarding headers are not trusted here: behind a proxy, the WSGI/ASGI server must
    set REMOTE_ADDR from them (as the rate limits read REMOTE_ADDR too).
    """
    raw = str(request.META.get("REMOTE_ADDR", "")).split("%", 1)[0]  # no zone id
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return str(address.ipv4_mapped)
    return str(address)


class RequestIdMiddleware:
    """Give every request an id (kept from X-Request-ID when well formed).

    The id and the client address stay in context variables for the request's
    duration, so the audit log can record them without passing the request around.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _request_id.set(request_id)
        ip_token = _client_ip.set(client_ip(request))
        try:
            response = self.get_response(request)
        finally:
            _client_ip.reset(ip_token)
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class LanguageMiddleware:
    """Indonesian unless the visitor chose English with the switch (a cookie).

    Pages ignore the browser's Accept-Language so that Indonesian stays the default for
    everyone; API clients may ask for English with Accept-Language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        supported = {code for code, _name in settings.LANGUAGES}
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in supported:
            language = settings.LANGUAGE_CODE
            if request.path.startswith("/api/"):
                accepted = translation.get_language_from_request(request)
                if accepted in supported:
                    language = accepted
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch = response.get("Vary", "")
        if "Cookie" not in patch:
            response["Vary"] = f"{patch}, Cookie" if patch else "Cookie"
        return response


class NotFoundMiddleware:
    """A page view that lets a domain ``NotFound`` escape answers 404.

    Selectors raise ``balai.core.errors.NotFound`` for rows the user may not see or
    that do not exist; HTML views need not catch it. The API answers the same error
    with problem+json through its own exception handler, before this runs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, NotFound):
            raise Http404(exception.message) from exception
