# SPDX-License-Identifier: EUPL-1.2
"""Pages for security officers: alerts, their events, acknowledge and resolve."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from balai.core.errors import BalaiError
from balai.core.pagination import page_of
from balai.security.monitoring import policies, selectors, services
from balai.security.monitoring.constants import AlertStatus, RuleCode
from balai.security.monitoring.forms import AlertFilterForm, AlertResolveForm
from balai.security.monitoring.models import SecurityAlert

PAGE_SIZE = 50


@login_required
@require_safe
def alert_list(request: HttpRequest) -> HttpResponse:
    """Alerts, open ones first, with event counts per kind over 24 hours."""
    policies.ensure_can_view_alerts(request.user)
    form = AlertFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    alerts = selectors.alert_list(
        user=request.user,
        status=filters.get("status", ""),
        severity=filters.get("severity", ""),
    )
    page = page_of(request, alerts, per_page=PAGE_SIZE)
    context = {
        "form": form,
        "page": page,
        "event_counts": selectors.event_counts_by_kind(user=request.user),
    }
    template = "security/alert_list.html"
    if getattr(request, "htmx", False):
        template += "#alert-table"
    return render(request, template, context)


def _alert_or_404(request: HttpRequest, alert_id: uuid.UUID) -> SecurityAlert:
    alert = selectors.alert_get(user=request.user, alert_id=alert_id)
    if alert is None:
        raise Http404
    return alert


@login_required
@require_safe
def alert_detail(request: HttpRequest, alert_id: uuid.UUID) -> HttpResponse:
    """One alert with its newest events and the acknowledge/resolve actions."""
    policies.ensure_can_view_alerts(request.user)
    return _render_detail(request, _alert_or_404(request, alert_id), AlertResolveForm())


def _render_detail(
    request: HttpRequest,
    alert: SecurityAlert,
    resolve_form: AlertResolveForm,
    status: int = 200,
) -> HttpResponse:
    can_manage = policies.can_manage_alerts(request.user)
    context = {
        "alert": alert,
        "events": selectors.alert_events(alert),
        "resolve_form": resolve_form,
        "can_acknowledge": can_manage and alert.status == AlertStatus.OPEN,
        "can_resolve": can_manage and alert.is_active,
        "is_mass_read": alert.rule == RuleCode.MASS_READ,
    }
    return render(request, "security/alert_detail.html", context, status=status)


@login_required
@require_POST
def alert_acknowledge(request: HttpRequest, alert_id: uuid.UUID) -> HttpResponse:
    """Acknowledge an open alert (recorded in the audit log)."""
    policies.ensure_can_manage_alerts(request.user)
    alert = _alert_or_404(request, alert_id)
    try:
        services.alert_acknowledge(alert_id=alert_id, actor=request.user)
    except BalaiError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The alert is acknowledged."))
    return redirect("security:alert-detail", alert_id=alert.pk)


@login_required
@require_POST
def alert_resolve(request: HttpRequest, alert_id: uuid.UUID) -> HttpResponse:
    """Resolve an alert with a note (recorded in the audit log)."""
    policies.ensure_can_manage_alerts(request.user)
    alert = _alert_or_404(request, alert_id)
    form = AlertResolveForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, alert, form, status=400)
    try:
        services.alert_resolve(
            alert_id=alert_id, actor=request.user, note=form.cleaned_data["note"]
        )
    except BalaiError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The alert is resolved."))
    return redirect("security:alert-detail", alert_id=alert.pk)
