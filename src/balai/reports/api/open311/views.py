# SPDX-License-Identifier: EUPL-1.2
"""Open311 GeoReport v2 resources (shared/specs/open311-georeport-v2.md).

Plain Django views, not DRF: the specification fixes the content types, the error
bodies (a list of ``{code, description}``) and the XML element names, which a
generic renderer would not. Every view answers in the format of its extension.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import F, Max, Prefetch
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from balai.core import ratelimit
from balai.core.errors import BalaiError, NotFound
from balai.reports import policies, services
from balai.reports.api.open311 import lists, serialize
from balai.reports.api.open311.params import Open311Error, check_jurisdiction, value
from balai.reports.api.open311.render import error_response, respond
from balai.reports.constants import ReportChannel, ServiceType
from balai.reports.dates import format_w3c
from balai.reports.geo import validate_point
from balai.reports.models import Category, Photo, ReportUpdate, RequestToken
from balai.reports.routing import areas_at

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
ATTRIBUTE_KEY = re.compile(r"^attribute\[([^\[\]]+)\](\[\])?$")
FIELD_NAMES = {
    "lat": "lat/long",
    "location": "lat/long, address_string or address_id",
    "photos": "media",
    "address": "address_string",
}

View = Callable[..., HttpResponse]


def _rate_limited(request: HttpRequest) -> int:
    """Seconds to wait when the client is over its Open311 rate (0 = go ahead):
    reads per address, writes per API key (or address without one)."""
    if request.method == "POST":
        api_key = _api_key(request)
        key = f"key:{api_key}" if api_key else ratelimit.client_key(request)
        decision = ratelimit.hit("open311_write", key)
    else:
        decision = ratelimit.hit("open311_read", ratelimit.client_key(request))
    return 0 if decision.allowed else decision.retry_after


def open311_view(*, methods: tuple[str, ...]) -> Callable[[View], View]:
    """Method check, jurisdiction, rate limit, CORS and error bodies in one place."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(
            request: HttpRequest, *args: Any, fmt: str, **kwargs: Any
        ) -> HttpResponse:
            try:
                if request.method not in methods:
                    raise Open311Error(
                        405,
                        f"method {request.method} is not supported here",
                        headers={"Allow": ", ".join(methods)},
                    )
                wait = _rate_limited(request)
                if wait:
                    raise Open311Error(
                        429,
                        "too many requests; retry later",
                        headers={"Retry-After": str(wait)},
                    )
                response = view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as error:
                response = error_response(
                    fmt, error.status, error.descriptions, headers=error.headers
                )
            if request.method == "GET":
                response["Access-Control-Allow-Origin"] = "*"
            return response

        return csrf_exempt(wrapper)

    return decorate


def _changeset() -> str:
    latest = Category.objects.aggregate(latest=Max("updated_at"))["latest"]
    return format_w3c(latest) or "2025-01-01T00:00:00Z"


@open311_view(methods=("GET",))
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    changeset = _changeset()
    base = request.build_absolute_uri(
        reverse("reports:open311-discovery", kwargs={"fmt": "json"})
    )
    base = base.rsplit("/", 1)[0]
    body = {
        "changeset": changeset,
        "contact": settings.OPEN311_CONTACT,
        "key_service": settings.OPEN311_KEY_SERVICE,
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base,
                "changeset": changeset,
                "type": settings.OPEN311_ENDPOINT_TYPE,
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return respond(fmt, "discovery", body)


@open311_view(methods=("GET",))
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    check_jurisdiction(request.GET)
    rows = Category.objects.filter(is_active=True).order_by("group", "name_id", "code")
    lat, lon = value(request.GET, "lat"), value(request.GET, "long")
    if lat is not None or lon is not None:
        try:
            point = validate_point(lat, lon)
        except ValueError:
            raise Open311Error(400, "lat/long must be a valid WGS84 point") from None
        if point is not None:
            rows = _offered_at(rows, *point)
    return respond(fmt, "services", [serialize.service(c) for c in rows])


def _offered_at(rows: Any, lat: float, lon: float) -> Any:
    """Categories routed at the point; all of them when no rule covers it (triage)."""
    from balai.reports.models import RoutingRule

    area_ids = [a.pk for a in areas_at(lat, lon)]
    matching = RoutingRule.objects.filter(is_active=True, area_id__in=area_ids)
    if not matching.exists():
        return rows
    if matching.filter(category__isnull=True).exists():
        return rows
    return rows.filter(pk__in=matching.values("category_id"))


@open311_view(methods=("GET",))
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    check_jurisdiction(request.GET)
    category = Category.objects.filter(code=code, is_active=True).first()
    if category is None:
        raise Open311Error(404, f"service_code {code[:40]} does not exist")
    return respond(fmt, "service_definition", serialize.definition(category))


REQUEST_COLUMNS = (
    "public_id",
    "status",
    "status_notes",
    "description",
    "requested_at",
    "updated_at",
    "closed_at",
    "due_at",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "lon",
    "media_urls",
    "channel",
    "region_code",
    "priority",
    "merged_into_id",
    "category__code",
    "category__name_id",
    "category__name_en",
    "category__service_notice",
    "agency__name",
)


def _requests_queryset() -> Any:
    """Visible reports with only the columns section 7 needs (ORM cost is per
    column and row); joins are left to ``_for_output`` so counting stays cheap."""
    return policies.public_reports()


def _for_output(rows: Any, *, extensions: bool) -> Any:
    rows = (
        rows.select_related("category", "agency")
        .only(*REQUEST_COLUMNS)
        .prefetch_related(
            Prefetch(
                "photos", queryset=Photo.objects.only("id", "report_id", "position")
            )
        )
    )
    if extensions:
        rows = rows.annotate(duplicate_of=F("merged_into__public_id")).prefetch_related(
            Prefetch("updates", queryset=ReportUpdate.objects.filter(is_public=True))
        )
    return rows


@open311_view(methods=("GET", "POST"))
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    check_jurisdiction(request.GET)
    return lists.list_response(request, fmt)


@open311_view(methods=("GET",))
def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    check_jurisdiction(request.GET)
    extensions = (value(request.GET, "extensions") or "").lower() == "true"
    rows = _requests_queryset().filter(public_id=request_id)
    report = _for_output(rows, extensions=extensions).first()
    if report is None:
        raise Open311Error(404, f"service_request_id {request_id[:40]} does not exist")
    body = [serialize.service_request(request, report, extensions=extensions)]
    return respond(fmt, "service_requests", body)


@open311_view(methods=("GET",))
def token_detail(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    check_jurisdiction(request.GET)
    found = RequestToken.objects.select_related("report").filter(token=token).first()
    if found is None:
        raise Open311Error(404, f"token {token[:40]} does not exist")
    item: dict[str, Any] = {}
    if found.report is not None and not found.report.is_hidden:
        item["service_request_id"] = found.report.public_id
    item["token"] = found.token
    return respond(fmt, "service_requests", [item])


def _api_key(request: HttpRequest) -> str:
    key = value(request.POST, "api_key") or ""
    header = request.headers.get("Authorization", "")
    if not key and header.lower().startswith("bearer "):
        key = header[7:].strip()
    return key


def _attributes(data: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key in data:
        match = ATTRIBUTE_KEY.match(key)
        if not match:
            continue
        code, many = match.group(1), match.group(2)
        values = data.getlist(key)
        if many:
            found.setdefault(code, [])
            if isinstance(found[code], list):
                found[code].extend(values)
        else:
            found[code] = values[-1] if len(values) == 1 else values
    return found


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    client = services.open311_client_resolve(_api_key(request))
    if client is None:
        raise Open311Error(403, "api_key is missing or invalid")
    data = request.POST
    check_jurisdiction(data)
    code = value(data, "service_code")
    if code is None:
        raise Open311Error(400, "service_code is required")
    photos = request.FILES.getlist("media") + request.FILES.getlist("media[]")
    try:
        report = services.report_submit(
            service_code=code,
            description=data.get("description", ""),
            lat=value(data, "lat"),
            lon=value(data, "long"),
            address=value(data, "address_string") or "",
            address_id=value(data, "address_id") or "",
            zipcode=value(data, "zipcode") or "",
            photos=photos,
            reporter=None,
            anonymous=True,
            contact={
                "email": value(data, "email"),
                "phone": value(data, "phone"),
                "first_name": value(data, "first_name"),
                "last_name": value(data, "last_name"),
                "device_id": value(data, "device_id"),
                "account_id": value(data, "account_id"),
            },
            channel=ReportChannel.OPEN311,
            attributes=_attributes(data),
            api_client=client,
            media_urls=[u for u in data.getlist("media_url") if u],
        )
    except NotFound as error:
        raise Open311Error(404, f"service_code: {error.message}") from None
    except BalaiError as error:
        messages = [
            f"{FIELD_NAMES.get(field, field)}: {message}"
            for field, items in error.field_errors.items()
            for message in items
        ] or [error.message]
        raise Open311Error(400, *messages) from None
    item: dict[str, Any] = {}
    if report.category.service_type == ServiceType.REALTIME:
        item["service_request_id"] = report.public_id
    elif report.category.service_type == ServiceType.BATCH:
        item["token"] = report.open311_token.token
    item["service_notice"] = report.category.service_notice or None
    return respond(fmt, "service_requests", [item])


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under /open311/v2/: 404 with a JSON error body."""
    return error_response(
        "json", 404, [f"no Open311 resource at this address ({rest[:60]})"]
    )
