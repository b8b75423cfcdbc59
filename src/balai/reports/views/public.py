# SPDX-License-Identifier: EUPL-1.2
"""Public pages: list and map of reports, each report's public timeline, follow.

Nothing here shows who reported: no name, no account, no contact. Hidden reports
are absent (404), as on Open311.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from balai.core.pagination import page_of
from balai.reports import selectors, services
from balai.reports.constants import Status
from balai.reports.dates import format_w3c
from balai.reports.maps import area_collection, map_settings

MAP_LIMIT = 1000


def _bbox(raw: str | None) -> tuple[float, float, float, float] | None:
    """``west,south,east,north`` or None when absent or malformed."""
    if not raw:
        return None
    try:
        west, south, east, north = (float(part) for part in raw.split(","))
    except ValueError:
        return None
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        return None
    return west, south, east, north


@require_GET
def report_areas(request: HttpRequest) -> JsonResponse:
    """The areas every map draws on (GeoJSON), also when no tile server is set."""
    response = JsonResponse(area_collection())
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    if status not in {"open", "closed", "all"}:
        status = "open"
    code = request.GET.get("category", "")
    rows = selectors.public_report_list(
        status="" if status == "all" else status, service_code=code
    )
    page = page_of(request, rows, per_page=25)
    return render(
        request,
        "reports/public_list.html",
        {
            "page": page,
            "status": status,
            "category_code": code,
            "categories": selectors.active_categories(),
            "map_data_url": reverse("reports:public-map")
            + f"?status={status}&category={code}",
            **map_settings(),
        },
    )


@require_GET
def report_map(request: HttpRequest) -> JsonResponse:
    """GeoJSON of public reports (open by default) for maps; ``bbox`` narrows it."""
    status = request.GET.get("status", "open")
    rows = selectors.public_report_list(
        status="" if status == "all" else status,
        service_code=request.GET.get("category", ""),
        bbox=_bbox(request.GET.get("bbox")),
    ).filter(lat__isnull=False)[:MAP_LIMIT]
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [r.lon, r.lat]},
            "properties": {
                "public_id": r.public_id,
                "category": r.category.name,
                "service_code": r.category.code,
                "status": r.status,
                "status_label": str(Status(r.status).label),
                "requested": format_w3c(r.requested_at),
                "address": r.address,
                "url": reverse(
                    "reports:public-detail", kwargs={"public_id": r.public_id}
                ),
            },
        }
        for r in rows
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


@require_GET
def report_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    report = selectors.public_report(public_id)
    following = bool(
        request.user.is_authenticated
        and report.followers.filter(pk=request.user.pk).exists()
    )
    return render(
        request,
        "reports/public_detail.html",
        {"report": report, "following": following, **map_settings()},
    )


@require_POST
def report_follow_view(request: HttpRequest, public_id: str) -> HttpResponse:
    """Follow (support) a report; signed-in citizens only."""
    if not request.user.is_authenticated:
        return redirect_to_login(
            reverse("reports:public-detail", kwargs={"public_id": public_id})
        )
    report = selectors.public_report(public_id)
    if request.POST.get("action") == "unfollow":
        services.report_unfollow(actor=request.user, report=report)
        messages.success(request, _("You no longer follow this report."))
    else:
        services.report_follow(actor=request.user, report=report)
        messages.success(
            request, _("You follow this report: you will be told about its updates.")
        )
    return redirect("reports:public-detail", public_id=report.public_id)


@require_GET
def report_photo(request: HttpRequest, public_id: str, photo_id: str) -> FileResponse:
    """A report's photo (already stripped of metadata); hidden reports have none."""
    photo = selectors.photo_for_public(public_id, photo_id)
    response = FileResponse(photo.file.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400"
    response["Access-Control-Allow-Origin"] = "*"
    return response
