# SPDX-License-Identifier: EUPL-1.2
"""Staff pages: dashboard, drill-down list, labelling queue, upload.

Every page needs verified sentiment staff (officers, agency heads, system
administrators); the lists only show the posts ``policies.visible_posts`` allows.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from balai.core.errors import BalaiError, NotFound
from balai.sentiment import attribution, charts, policies, selectors, services
from balai.sentiment.constants import Source
from balai.sentiment.files import parse_upload
from balai.sentiment.forms import CorrectionForm, FilterForm, UploadForm


def _filters(request: HttpRequest) -> tuple[FilterForm, selectors.Filters]:
    form = FilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        data["topic"] = str(data["topic"]) if data.get("topic") else ""
        return form, selectors.Filters(**data)
    return form, selectors.Filters()


@login_required
@require_safe
@never_cache
def dashboard(request: HttpRequest) -> HttpResponse:
    policies.ensure_can_view_posts(request.user)
    form, filters = _filters(request)
    over_time = selectors.sentiment_over_time(request.user, filters)
    names = attribution.agency_names()
    voice = selectors.share_of_voice(request.user, filters)
    for row in voice:
        row["name"] = names.get(row["key"], row["key"])
    return render(
        request,
        "sentiment/dashboard.html",
        {
            "form": form,
            "filters": filters,
            "summary": selectors.summary(request.user, filters),
            "chart": charts.stacked_bars(over_time),
            "voice": voice,
            "topics": selectors.topic_list(request.user, filters),
            "alerts": [
                {
                    "alert": alert,
                    "name": names.get(alert.agency_code, alert.agency_code),
                }
                for alert in selectors.alert_list(request.user, filters)
            ],
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_safe
@never_cache
def post_list(request: HttpRequest) -> HttpResponse:
    policies.ensure_can_view_posts(request.user)
    form, filters = _filters(request)
    posts = selectors.posts_filtered(request.user, filters).order_by("-posted_at")
    page = Paginator(posts, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "sentiment/post_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@login_required
@require_safe
@never_cache
def queue(request: HttpRequest) -> HttpResponse:
    """The labelling queue: the posts the model is least sure about first."""
    policies.ensure_can_view_posts(request.user)
    posts = selectors.labelling_queue(request.user)
    return render(request, "sentiment/queue.html", {"posts": posts})


@login_required
@require_POST
def post_correct(request: HttpRequest, post_id: str) -> HttpResponse:
    try:
        post = selectors.post_get(request.user, post_id)
    except NotFound as exc:
        raise Http404 from exc
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose positive, neutral or negative."))
    else:
        try:
            services.correction_record(
                actor=request.user, post=post, label=form.cleaned_data["label"]
            )
            messages.success(request, _("Label saved; the next training will use it."))
        except BalaiError as exc:
            messages.error(request, exc.message)
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(target or "sentiment:queue")


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    policies.ensure_can_ingest_posts(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        handle = form.cleaned_data["file"]
        try:
            rows = parse_upload(handle.name, handle.read())
            result = services.posts_ingest(
                items=rows,
                source=Source.UPLOAD,
                actor=request.user,
                platform=form.cleaned_data["platform"],
            )
        except BalaiError as exc:
            form.add_error("file", exc.message)
            for key, problems in list((exc.field_errors or {}).items())[:10]:
                if key != "file":
                    form.add_error("file", f"{key}: {'; '.join(problems)}")
        else:
            messages.success(
                request,
                _("%(created)d posts imported, %(known)d were already known.")
                % {"created": len(result.created), "known": result.duplicates},
            )
            return redirect("sentiment:dashboard")
    return render(request, "sentiment/upload.html", {"form": form})
