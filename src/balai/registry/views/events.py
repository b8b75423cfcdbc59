# SPDX-License-Identifier: EUPL-1.2
"""Recording a life event: one form per kind, one service call, then the record."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from balai.core.errors import BalaiError, NotFound
from balai.core.forms import errors_to_form
from balai.regions.nik import format_nik_masked
from balai.registry import policies, selectors
from balai.registry.constants import (
    ADDRESS_FIELDS,
    EVENT_PURPOSE,
    PERSON_FIELDS,
    EventKind,
)
from balai.registry.forms.events import FORMS, EventForm, MoveOutForm, SubjectForm
from balai.registry.models import Resident
from balai.registry.views.common import event_purpose_query
from balai.registry.views.event_handlers import HANDLERS


def _subject(request: HttpRequest, form_class: type[EventForm]) -> Resident | None:
    """The resident the form was opened for (``?penduduk=`` or the hidden field)."""
    if not issubclass(form_class, SubjectForm | MoveOutForm):
        return None
    raw = request.POST.get("resident") or request.GET.get("penduduk")
    if not raw:
        return None
    try:
        resident_id = uuid.UUID(str(raw))
        return selectors.resident_get(request.user, resident_id, purpose=EVENT_PURPOSE)
    except (ValueError, NotFound) as exc:
        raise Http404(_("There is no such resident.")) from exc


def _initial(kind: str, subject: Resident | None) -> dict[str, Any]:
    if subject is None:
        return {}
    if kind == EventKind.MOVE_OUT:
        return {"niks": subject.nik}
    initial: dict[str, Any] = {"resident": subject.pk}
    if kind == EventKind.DATA_CORRECTION:
        fields = (*PERSON_FIELDS, *ADDRESS_FIELDS)
        initial.update({name: getattr(subject, name) for name in fields})
        initial["village_code"] = subject.village_id or ""
        initial["expected_version"] = subject.version
    return initial


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def event_create(request: HttpRequest, kind: str) -> HttpResponse:
    """The form of one event kind; on success the resident's record is shown."""
    policies.ensure_can_record_event(request.user)
    form_class = FORMS.get(kind)
    if form_class is None:
        raise Http404(_("There is no such kind of event."))
    subject = _subject(request, form_class)
    initial = _initial(kind, subject)
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, initial=initial)
        if form.is_valid():
            data = form.cleaned_data
            files = list(data.get("documents") or [])
            extra = [form.changed_data] if kind == EventKind.DATA_CORRECTION else []
            try:
                resident = HANDLERS[kind](request.user, data, files, *extra)
            except BalaiError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("The event was recorded."))
                url = reverse("registry:resident-detail", args=[resident.pk])
                return redirect(f"{url}?{event_purpose_query()}")
    else:
        form = form_class(initial=initial)
    context = {
        "form": form,
        "kind": kind,
        "title": EventKind(kind).label,
        "subject": subject,
        "subject_nik": format_nik_masked(subject.nik) if subject else "",
        "query": event_purpose_query(),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "registry/event_form.html", context, status=status)
