# SPDX-License-Identifier: EUPL-1.2
"""The citizen's side after filing: nearby duplicates, support, "Laporan Saya".

"My reports" has two sources: the signed-in citizen's reports from the server, and
the public ids of reports sent from this phone (kept in IndexedDB by the queue, the
only trace of an anonymous report), whose public status the page fetches from
``report_statuses``. Neither is ever stored by the service worker.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from balai.core.errors import BalaiError, NotFound
from balai.reports import selectors, services
from balai.reports.constants import Status
from balai.reports.pwa.strings import page_strings

NEARBY_LIMIT = 5
STATUS_IDS_LIMIT = 30


def _point(request: HttpRequest) -> tuple[float, float] | None:
    try:
        lat = float(request.GET.get("lat", ""))
        lon = float(request.GET.get("lon", ""))
    except ValueError:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def _public_url(report: Any) -> str:
    return reverse("reports:public-detail", kwargs={"public_id": report.public_id})


@require_GET
def nearby(request: HttpRequest) -> JsonResponse:
    """Open reports of the same category close to a point: "is it reported already?\""""
    point = _point(request)
    code = request.GET.get("service_code", "").strip()
    if point is None or not code:
        return JsonResponse({"error": _("Give service_code, lat and lon.")}, status=400)
    reports = list(selectors.nearby_open_reports(code, point[0], point[1]))
    user_id = request.user.pk if request.user.is_authenticated else None
    results = []
    for report in reports[:NEARBY_LIMIT]:
        results.append(
            {
                "public_id": report.public_id,
                "description": report.description[:160],
                "status": report.status,
                "status_label": report.get_status_display(),
                "distance_m": report.distance_m,
                "followers": report.followers.count(),
                "mine": bool(user_id) and report.reporter_id == user_id,
                "url": _public_url(report),
                "support_url": reverse(
                    "reports:pwa-support", kwargs={"public_id": report.public_id}
                ),
            }
        )
    login = reverse("accounts:login")
    return JsonResponse(
        {
            "results": results,
            "can_support": request.user.is_authenticated,
            "login_url": f"{login}?next={reverse('reports:pwa-report')}",
        }
    )


@login_required
@require_POST
def support(request: HttpRequest, public_id: str) -> HttpResponse:
    """Support (follow) an existing report instead of filing the same one again."""
    report = selectors.public_report(public_id)
    try:
        added = services.report_follow(actor=request.user, report=report)
    except BalaiError as exc:
        messages.error(request, exc.message)
        return redirect(_public_url(report))
    if report.reporter_id == request.user.pk:
        messages.info(
            request,
            _(
                "You already reported this problem (%(public_id)s): you will be "
                "told about its updates."
            )
            % {"public_id": report.public_id},
        )
    elif added:
        messages.success(
            request,
            _("Thank you: you support report %(public_id)s and will get its updates.")
            % {"public_id": report.public_id},
        )
    else:
        messages.info(request, _("You already support this report."))
    return redirect(_public_url(report))


def _public_updates(report: Any) -> list[dict[str, Any]]:
    labels = dict(Status.choices)
    return [
        {
            "created_at": update.created_at,
            "kind": update.get_kind_display(),
            "status": labels.get(update.status_to, ""),
            "text": update.text,
        }
        for update in report.public_updates
    ]


@never_cache
@require_GET
def my_reports(request: HttpRequest) -> HttpResponse:
    """The signed-in citizen's reports with their public updates, plus (by script)
    the reports sent from this phone."""
    rows: list[tuple[Any, list[Any]]] = []
    if request.user.is_authenticated:
        for report in selectors.reports_of_user(request.user):
            rows.append((report, _public_updates(report)))
    context = {
        "rows": rows,
        "pwa_strings": page_strings(),
        "status_url": reverse("reports:pwa-status"),
    }
    return render(request, "reports/pwa/my_reports.html", context)


def _status_of(report: Any) -> dict[str, Any]:
    updates = list(report.public_updates)
    last = updates[-1] if updates else None
    return {
        "public_id": report.public_id,
        "status": report.status,
        "status_label": report.get_status_display(),
        "category": report.category.name,
        "url": _public_url(report),
        "updated_at": report.updated_at.isoformat(),
        "last_update": (last.text or last.get_kind_display()) if last else "",
    }


@never_cache
@require_GET
def report_statuses(request: HttpRequest) -> JsonResponse:
    """Public status of the reports whose ids this phone remembers (``?id=…&id=…``)."""
    wanted = [i.strip().upper() for i in request.GET.getlist("id") if i.strip()]
    if len(wanted) > STATUS_IDS_LIMIT:
        return JsonResponse(
            {
                "error": _("Ask for at most %(count)d reports.")
                % {"count": STATUS_IDS_LIMIT}
            },
            status=400,
        )
    found = []
    for public_id in dict.fromkeys(wanted):
        try:
            found.append(_status_of(selectors.public_report(public_id)))
        except NotFound:
            continue
    return JsonResponse({"results": found})
