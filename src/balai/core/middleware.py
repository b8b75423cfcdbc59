# SPDX-License-Identifier: EUPL-1.2
"""Request id, client address, language selection and domain not-found as 404."""

from __future__ import annotations

import contextvars
import functools
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


def _address(raw: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address (zone id dropped, IPv4-mapped IPv6 unwrapped), or None if invalid."""
    try:
        address = ipaddress.ip_address(raw.strip().split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


@functools.lru_cache(maxsize=8)
def _networks(
    proxies: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in proxies)


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    return any(address in network for network in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or behind trusted proxies the X-Forwarded-For
    hop the nearest untrusted party added; None when no valid address is known.

    ``X-Forwarded-For`` is read only when REMOTE_ADDR is one of
    ``settings.TRUSTED_PROXIES`` (``BALAI_TRUSTED_PROXIES``, addresses or CIDRs). Its
    hops are walked from the right (the nearest) and trusted proxies skipped: the first
    other address is the client. A client cannot spoof its address by sending the
    header itself: from an untrusted peer it is ignored, and through a trusted proxy
    its forged entries stand left of the hop the proxy appended.
    """
    remote = _address(str(request.META.get("REMOTE_ADDR", "")))
    if remote is None:
        return None
    if not _trusted(remote):
        return str(remote)
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    hops = [hop for hop in forwarded.split(",") if hop.strip()]
    client = remote
    for raw in reversed(hops):
        hop = _address(raw)
        if hop is None:  # garbage: stop at the last hop we could trust
            break
        client = hop
        if not _trusted(hop):
            break
    return str(client)


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
