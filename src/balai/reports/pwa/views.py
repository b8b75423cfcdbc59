# SPDX-License-Identifier: EUPL-1.2
"""Pages of the reporting PWA under /lapor/: the report form and its submit endpoint.

The submit endpoint serves two clients with one form: the offline queue of
``static/reports/pwa/queue.js`` (multipart with ``Accept: application/json``, answered
with JSON) and the plain HTML form without JavaScript (answered with a redirect or the
form again, with everything the citizen typed).
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from balai.core import ratelimit
from balai.core.errors import BalaiError, ServiceUnavailable
from balai.core.forms import errors_to_form
from balai.reports import selectors, services
from balai.reports.constants import MAX_PHOTOS
from balai.reports.maps import map_settings
from balai.reports.pwa.forms import ReportForm
from balai.reports.pwa.strings import page_strings

logger = logging.getLogger(__name__)


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _form(request: HttpRequest, data: Any = None, files: Any = None) -> ReportForm:
    return ReportForm(
        data,
        files,
        categories=list(selectors.categories()),
        signed_in=request.user.is_authenticated,
    )


def _render_form(
    request: HttpRequest, form: ReportForm, status: int = 200
) -> HttpResponse:
    context = {
        "form": form,
        "map": map_settings(),
        "max_photos": MAX_PHOTOS,
        "pwa_strings": page_strings(),
    }
    return render(request, "reports/pwa/report_form.html", context, status=status)


@require_GET
def report_create(request: HttpRequest) -> HttpResponse:
    """The report page; also the shell the service worker keeps for offline use."""
    return _render_form(request, _form(request))


def _errors_of(form: ReportForm) -> dict[str, list[str]]:
    return {
        name: [str(message) for message in errors]
        for name, errors in form.errors.items()
        if name != "__all__"
    }


def _invalid(request: HttpRequest, form: ReportForm) -> HttpResponse:
    if wants_json(request):
        general = [str(m) for m in form.non_field_errors()]
        return JsonResponse(
            {
                "errors": _errors_of(form),
                "message": " ".join(general) or _("The report could not be sent."),
            },
            status=400,
        )
    return _render_form(request, form)


# Per account, or per address for anonymous reports; generous, since mobile networks
# put many phones behind one address (carrier-grade NAT). Replays of a queued report
# count too, so the queue's retry backs off on 429 like on any failure.
@ratelimit.limit("report_submit", key=ratelimit.user_or_client_key)
@require_http_methods(["POST"])
def report_submit(request: HttpRequest) -> HttpResponse:
    """Create the report once per client token (idempotent), JSON or HTML."""
    form = _form(request, request.POST, request.FILES)
    if not form.is_valid():
        return _invalid(request, form)
    data = form.cleaned_data
    signed_in = request.user.is_authenticated
    try:
        report = services.report_submit(
            service_code=data["service_code"],
            description=data["description"],
            lat=data["lat"],
            lon=data["lon"],
            address=data["address"],
            photos=data["photos"],
            reporter=request.user if signed_in else None,
            anonymous=bool(data.get("anonymous")) or not signed_in,
            client_token=data["client_token"],
            channel="pwa",
            attributes=form.attributes(),
        )
    except ServiceUnavailable:
        raise  # storage or database away: 503 (balai.core.resilience), queue retries
    except BalaiError as exc:
        errors_to_form(form, exc)
        return _invalid(request, form)
    created = bool(getattr(report, "inserted_now", False))
    status_url = reverse(
        "reports:public-detail", kwargs={"public_id": report.public_id}
    )
    if wants_json(request):
        return JsonResponse(
            {
                "public_id": report.public_id,
                "status": report.status,
                "status_url": status_url,
                "created": created,
            },
            status=201 if created else 200,
        )
    messages.success(
        request,
        _("Thank you. Your report %(public_id)s was received.")
        % {"public_id": report.public_id},
    )
    return redirect(status_url)


@never_cache
@require_GET
def csrf_token(request: HttpRequest) -> JsonResponse:
    """A fresh CSRF token for the queue: a page from the cache may hold a stale one,
    and the service worker cannot read cookies."""
    return JsonResponse({"csrf_token": get_token(request)})
