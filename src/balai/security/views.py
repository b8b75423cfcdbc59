# SPDX-License-Identifier: EUPL-1.2
"""Pages for auditors: searching and exporting the audit log (read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_safe

from balai.security import policies, selectors
from balai.security.audit.export import audit_export, csv_lines
from balai.security.forms import AuditFilterForm

PAGE_SIZE = 50


def _before(request: HttpRequest) -> int | None:
    raw = request.GET.get("before", "")
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


def _filter_query(request: HttpRequest) -> str:
    """The current criteria as a query string, without the page position."""
    query = request.GET.copy()
    query.pop("before", None)
    return query.urlencode()


@login_required
@require_safe
def audit_list(request: HttpRequest) -> HttpResponse:
    """Search the audit log, newest first, one page at a time (audit readers only)."""
    policies.ensure_can_view_audit(request.user)
    form = AuditFilterForm(request.GET)
    entries: list[Any] = []
    has_more = False
    if form.is_valid():
        found = selectors.audit_entry_list(
            user=request.user, filters=form.to_filters(), before=_before(request)
        )
        entries = list(found[: PAGE_SIZE + 1])
        has_more = len(entries) > PAGE_SIZE
        entries = selectors.audit_entries_named(entries[:PAGE_SIZE])
    context = {
        "form": form,
        "entries": entries,
        "next_before": entries[-1].id if has_more else None,
        "is_first_page": _before(request) is None,
        "filter_query": _filter_query(request),
        "can_export": policies.can_export_audit(request.user),
    }
    template = "security/audit_list.html"
    if getattr(request, "htmx", False):
        template += "#audit-table"
    return render(request, template, context)


@login_required
@require_GET
def audit_export_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """Stream the filtered entries as CSV; the export is recorded in the log first."""
    policies.ensure_can_export_audit(request.user)
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return render(
            request,
            "security/audit_list.html",
            {"form": form, "entries": [], "filter_query": "", "is_first_page": True},
            status=400,
        )
    entries = audit_export(actor=request.user, filters=form.to_filters(), channel="web")
    response = StreamingHttpResponse(
        csv_lines(entries), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response
