# SPDX-License-Identifier: EUPL-1.2
"""The NIK lookup's lean path: the usual request answered without DRF's generic steps.

``ResidentFetchApi`` is a DRF view. For the request an agency system sends every
time (POST, a JSON object whose ``nik`` is a valid NIK, no ``Accept`` other than
JSON, a valid bearer credential of a live client under a current agreement, the
agreement's purpose) this module gives the same answer with less machinery: no
``Request`` wrapper, no parser and serializer classes, no content negotiation.

It keeps every check in DRF's order and decides nothing DRF would decide
differently: it first looks at the body, the credential, the agreement and the
purpose with no side effect, and for anything unusual returns None, so that the
DRF view answers as before (every 400, 401, 403, 405, 406 and 415 comes from DRF
itself). Only when all of those pass does it act as DRF would: record the client's
use, count the request against the client's rate (the view's own throttles), read
and audit through the same selector. An error from then on (429, 404, consent) is
handed to the view's own ``handle_exception`` and ``finalize_response``, and the
answer is rendered by DRF's ``JSONRenderer`` with the view's default headers, so the
bytes and headers are DRF's (``tests/test_exchange_lean.py`` compares both paths).
The secret is compared in constant time on every call (``api_client_resolve``), and
a revoked client or a changed agreement is seen at once (``clients``).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, NoReturn

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse

from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from balai.regions.nik import NikError, parse_nik
from balai.registry.exchange import selectors, services
from balai.registry.exchange.constants import PURPOSE_HEADER
from balai.registry.exchange.models import ApiClient

# content negotiation picks the JSON renderer, media type application/json
_PLAIN_ACCEPT = frozenset({"", "*/*", "application/json"})
_RENDERER = JSONRenderer()


def answer(view: APIView, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
    """The lookup's response, or None when the DRF view must answer."""
    if request.method != "POST" or request.META.get("QUERY_STRING"):
        return None
    if request.META.get("HTTP_ACCEPT", "") not in _PLAIN_ACCEPT:
        return None
    nik = _nik(request)
    client = _client(request) if nik is not None else None
    if nik is None or client is None:
        return None
    # From here on as DRF's dispatch: authenticated, then throttled, then the call.
    view.args, view.kwargs = args, kwargs
    view.format_kwarg = view.get_format_suffix(**kwargs)
    view.headers = view.default_response_headers
    # as DRF's Request sets them on the request it wraps
    request.user = AnonymousUser()
    request.auth = client  # type: ignore[attr-defined]
    services.api_client_touch(client)
    try:
        _throttle(view, request)
        data = selectors.resident_release(client=client, nik=nik)
    except Exception as exc:  # answered (or raised) by the view's own handler
        return _handled(view, request, exc, client, args, kwargs)
    content = _RENDERER.render(resident_output(data), _RENDERER.media_type, {})
    response = HttpResponse(content, content_type=_RENDERER.media_type)
    # (HttpResponse: DRF's finalize only adds the view's headers, here Allow)
    view.response = view.finalize_response(
        request,  # type: ignore[arg-type]
        response,  # type: ignore[arg-type]
        *args,
        **kwargs,
    )
    return view.response


def _nik(request: HttpRequest) -> str | None:
    """The body's NIK as ``NikField`` gives it, when ``LimitedJSONParser`` and the
    serializer would accept the body; else None."""
    if request.META.get("CONTENT_TYPE") != "application/json":  # exactly, no params
        return None
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if not 0 < length <= int(settings.API_JSON_MAX_BYTES):
        return None
    try:
        data = json.loads(request.body.decode("utf-8"), parse_constant=_refuse)
    except (ValueError, RequestDataTooBig):  # (UnicodeDecodeError is a ValueError)
        return None
    # a flat object only (depth 1: within any depth limit); a str NIK only
    if not isinstance(data, dict) or int(settings.API_JSON_MAX_DEPTH) < 1:
        return None
    if any(isinstance(value, dict | list) for value in data.values()):
        return None
    value = data.get("nik")
    if not isinstance(value, str):
        return None
    try:
        return parse_nik(value.strip(), check_region=False).nik
    except NikError:
        return None


def _refuse(constant: str) -> NoReturn:
    raise ValueError(f"{constant} is not valid JSON")  # DRF's strict parsing


def _client(request: HttpRequest) -> ApiClient | None:
    """The client a DRF authentication and permission check would let through, with
    no side effect; else None."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not header.isascii():
        return None
    parts = header.encode("ascii").split()  # as DRF splits the header's bytes
    if len(parts) != 2 or parts[0].lower() != b"bearer":
        return None
    client, matches = services.api_client_resolve(parts[1].decode("ascii"))
    if client is None or not matches or client.is_revoked:
        return None
    agreement = client.agreement
    if not agreement.is_current() or not client.agency.is_active:
        return None
    purpose = request.headers.get(PURPOSE_HEADER, "").strip()
    if not purpose or purpose != agreement.purpose_code:
        return None
    return client


def _throttle(view: APIView, request: HttpRequest) -> None:
    """DRF's ``check_throttles`` with the view's throttles (they read
    ``request.auth``)."""
    waits = [
        throttle.wait()
        for throttle in view.get_throttles()
        if not throttle.allow_request(request, view)  # type: ignore[arg-type]
    ]
    if waits:
        durations = [wait for wait in waits if wait is not None]
        view.throttled(request, max(durations, default=None))  # type: ignore[arg-type]


def _handled(
    view: APIView,
    request: HttpRequest,
    exc: Exception,
    client: ApiClient,
    args: Any,
    kwargs: Any,
) -> Any:
    """What DRF's dispatch answers for ``exc`` raised by the view's handler."""
    drf_request = view.initialize_request(request, *args, **kwargs)
    drf_request.user, drf_request.auth = AnonymousUser(), client
    view.request = drf_request
    response = view.handle_exception(exc)
    view.response = view.finalize_response(drf_request, response, *args, **kwargs)
    return view.response


def resident_output(data: dict[str, Any]) -> dict[str, Any]:
    """What ``RegistryResidentOutputSerializer(data).data`` gives, without the generic
    serializer: the fields are already the agreement's, in vocabulary order, so each
    value only needs its JSON form (dates as ISO, the rest as text, None kept)."""
    out: dict[str, Any] = {"fields": list(data["fields"])}
    for name in data["fields"]:
        value = data[name]
        if value is None:
            out[name] = None
        elif isinstance(value, dt.date):
            out[name] = value.isoformat()
        else:
            out[name] = str(value)
    return out
