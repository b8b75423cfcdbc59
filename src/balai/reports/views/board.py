# SPDX-License-Identifier: EUPL-1.2
"""The officers' board: queue (list and map), one report, and the actions on it.

Every page needs a verified officer or agency head; a report outside the officer's
agency scope answers 404, as if it did not exist.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from balai.core.errors import BalaiError
from balai.core.pages import form_action
from balai.core.pagination import page_of
from balai.reports import policies, selectors, services, states
from balai.reports.attributes import attribute_rows
from balai.reports.forms import (
    AssignForm,
    BoardFilterForm,
    BulkStatusForm,
    CommentForm,
    MergeForm,
    RerouteForm,
    StatusForm,
)
from balai.reports.maps import map_settings
from balai.reports.models import Area, FieldTeam, Report


def _filters(request: HttpRequest) -> tuple[BoardFilterForm, selectors.BoardFilters]:
    form = BoardFilterForm(
        request.GET or None,
        categories=selectors.active_categories(),
        areas=Area.objects.filter(is_active=True),
    )
    filters = selectors.BoardFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.BoardFilters(**form.cleaned_data)
    return form, filters


def _report(request: HttpRequest, public_id: str) -> Report:
    return selectors.board_report(request.user, public_id)


@login_required
@require_safe
@never_cache
def board_list(request: HttpRequest) -> HttpResponse:
    policies.ensure_can_work_report(request.user)
    form, filters = _filters(request)
    rows = selectors.board_reports(request.user, filters)
    page = page_of(request, rows, per_page=50)
    return render(
        request,
        "reports/board_list.html",
        {
            "form": form,
            "page": page,
            "bulk_form": BulkStatusForm(),
            "can_triage": policies.can_triage(request.user),
        },
    )


@login_required
@require_safe
@never_cache
def board_map(request: HttpRequest) -> HttpResponse:
    """The same queue on a map; without tiles it is a list with coordinates."""
    policies.ensure_can_work_report(request.user)
    form, filters = _filters(request)
    rows = list(
        selectors.board_reports(request.user, filters).filter(lat__isnull=False)[:500]
    )
    return render(
        request,
        "reports/board_map.html",
        {"form": form, "reports": rows, **map_settings()},
    )


@login_required
@require_safe
@never_cache
def board_stats(request: HttpRequest) -> HttpResponse:
    policies.ensure_can_work_report(request.user)
    stats = selectors.resolution_stats(policies.visible_reports(request.user))
    return render(request, "reports/board_stats.html", {"stats": stats})


def _context(request: HttpRequest, report: Report, **forms: Any) -> dict[str, Any]:
    from balai.accounts.models import Agency, User

    teams = FieldTeam.objects.filter(agency_id=report.agency_id, is_active=True)
    officers = (
        User.objects.filter(agency_id=report.agency_id, is_staff=True, is_active=True)
        if report.agency_id
        else User.objects.none()
    )
    context = {
        "report": report,
        "updates": selectors.board_updates(report),
        "answers": attribute_rows(report.category, report.attributes or {}),
        "status_form": StatusForm(targets=states.targets(report.status)),
        "comment_form": CommentForm(),
        "assign_form": AssignForm(
            teams=teams,
            officers=officers,
            initial={
                "team": report.team_id,
                "assignee": report.assignee_id,
                "priority": report.priority,
            },
        ),
        "reroute_form": RerouteForm(agencies=Agency.objects.filter(is_active=True)),
        "merge_form": MergeForm(),
        "nearby": [
            r
            for r in selectors.nearby_open_reports(
                report.category.code, report.lat, report.lon, radius_m=200
            )
            if r.pk != report.pk
        ]
        if report.lat is not None
        else [],
    }
    context.update(forms)
    return context


@login_required
@require_safe
@never_cache
def board_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    report = _report(request, public_id)
    return render(request, "reports/board_detail.html", _context(request, report))


def _act(
    request: HttpRequest,
    public_id: str,
    form_name: str,
    form: Any,
    action: Any,
    done: str,
) -> HttpResponse:
    """Validate ``form``, run ``action``; re-render with errors (values kept)."""
    report = _report(request, public_id)
    return form_action(
        request,
        form=form,
        action=lambda data: action(report, data),
        done=done,
        success_url=reverse("reports:board-detail", args=[report.public_id]),
        rerender=lambda form: render(
            request,
            "reports/board_detail.html",
            _context(request, report, **{form_name: form}),
        ),
    )


@login_required
@require_POST
def board_status(request: HttpRequest, public_id: str) -> HttpResponse:
    return _act(
        request,
        public_id,
        "status_form",
        StatusForm(request.POST),
        lambda report, data: services.report_status_change(
            actor=request.user,
            report=report,
            status=data["status"],
            close_reason=data["close_reason"],
            note=data["note"],
        ),
        _("The status was changed."),
    )


@login_required
@require_POST
def board_comment(request: HttpRequest, public_id: str) -> HttpResponse:
    return _act(
        request,
        public_id,
        "comment_form",
        CommentForm(request.POST),
        lambda report, data: services.report_comment(
            actor=request.user,
            report=report,
            text=data["text"],
            is_public=data["is_public"],
        ),
        _("The comment was added."),
    )


@login_required
@require_POST
def board_assign(request: HttpRequest, public_id: str) -> HttpResponse:
    from balai.accounts.models import User

    report = _report(request, public_id)
    teams = FieldTeam.objects.filter(agency_id=report.agency_id, is_active=True)
    officers = User.objects.filter(agency_id=report.agency_id, is_staff=True)
    form = AssignForm(request.POST, teams=teams, officers=officers)

    def assign(report: Report, data: dict[str, Any]) -> None:
        services.report_assign(
            actor=request.user,
            report=report,
            team=teams.filter(pk=data["team"]).first() if data["team"] else None,
            assignee=officers.filter(pk=data["assignee"]).first()
            if data["assignee"]
            else None,
            priority=data["priority"],
        )

    return _act(
        request, public_id, "assign_form", form, assign, _("The report was assigned.")
    )


@login_required
@require_POST
def board_reroute(request: HttpRequest, public_id: str) -> HttpResponse:
    from balai.accounts.models import Agency

    agencies = Agency.objects.filter(is_active=True)
    form = RerouteForm(request.POST, agencies=agencies)
    return _act(
        request,
        public_id,
        "reroute_form",
        form,
        lambda report, data: services.report_reroute(
            actor=request.user,
            report=report,
            agency=agencies.get(pk=data["agency"]),
            note=data["note"],
        ),
        _("The report was sent to another agency."),
    )


@login_required
@require_POST
def board_merge(request: HttpRequest, public_id: str) -> HttpResponse:
    def merge(report: Report, data: dict[str, Any]) -> None:
        code = data["survivor"].strip().upper()
        survivor = policies.visible_reports(request.user).filter(public_id=code).first()
        if survivor is None:
            raise BalaiError(
                _("No report %(id)s on your board.") % {"id": code},
                field_errors={"survivor": [_("No such report on your board.")]},
            )
        services.report_merge(actor=request.user, duplicate=report, survivor=survivor)

    return _act(
        request,
        public_id,
        "merge_form",
        MergeForm(request.POST),
        merge,
        _("The report was merged as a duplicate."),
    )


@login_required
@require_POST
def board_bulk(request: HttpRequest) -> HttpResponse:
    """One status for the reports ticked on the list."""
    policies.ensure_can_work_report(request.user)
    form = BulkStatusForm(request.POST)
    ids = request.POST.getlist("report")
    if not form.is_valid() or not ids:
        messages.error(request, _("Tick at least one report and choose a status."))
        return redirect("reports:board-list")
    rows = list(policies.visible_reports(request.user).filter(public_id__in=ids[:200]))
    try:
        results = services.reports_bulk_status(
            actor=request.user,
            reports=rows,
            status=form.cleaned_data["status"],
            close_reason=form.cleaned_data["close_reason"],
            note=form.cleaned_data["note"],
        )
    except BalaiError as error:
        messages.error(request, error.message)
        return redirect("reports:board-list")
    moved = sum(1 for result in results if result.moved)
    messages.success(
        request,
        ngettext("%(count)d report updated.", "%(count)d reports updated.", moved)
        % {"count": moved},
    )
    for result in results:
        if not result.moved:
            messages.warning(
                request,
                _("%(id)s was not changed: %(reason)s")
                % {"id": result.public_id, "reason": result.message},
            )
    return redirect("reports:board-list")


@login_required
@require_safe
def board_photo(request: HttpRequest, public_id: str, photo_id: str) -> FileResponse:
    report = _report(request, public_id)
    photo = report.photos.filter(pk=photo_id).first()
    if photo is None:
        raise Http404
    return FileResponse(photo.file.open("rb"), content_type="image/jpeg")
