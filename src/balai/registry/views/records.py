# SPDX-License-Identifier: EUPL-1.2
"""A resident's record, their family card and their history (each read audited)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from balai.registry import policies, selectors
from balai.registry.constants import EventKind
from balai.registry.forms.search import PurposeForm
from balai.registry.integration import selectors as integration
from balai.registry.models import LifeEvent, Resident
from balai.registry.views.common import purpose_query, purpose_required
from balai.registry.views.display import attribute_rows, changed_labels, resident_data

CORRECTABLE_KINDS = (
    EventKind.DATA_CORRECTION,
    EventKind.DEATH,
    EventKind.MOVE_OUT,
    EventKind.DIVORCE,
)


def _events(resident: Resident) -> list[LifeEvent]:
    """Newest first by the event's date (encrypted: sorted here, not in SQL)."""
    events = resident.events.prefetch_related("documents").order_by("-recorded_at")
    return sorted(events, key=lambda event: event.event_date, reverse=True)


@login_required
@require_safe
@never_cache
@purpose_required(gettext_lazy("Open a resident's record"))
def resident_detail(
    request: HttpRequest, resident_id: uuid.UUID, purpose: PurposeForm
) -> HttpResponse:
    """One resident with family and events; nothing is shown before a purpose is
    stated, and the read is audited with it."""
    resident = selectors.resident_get(
        request.user, resident_id, purpose=purpose.purpose_text()
    )
    context = {
        "resident": resident,
        "rows": attribute_rows(resident_data(resident)),
        "placement": selectors.resident_placement(resident),
        "events": _events(resident),
        "query": purpose_query(purpose),
        "actions": [(k, v) for k, v in EventKind.choices if k in CORRECTABLE_KINDS],
        "provenance": integration.provenance_of(resident),
        "merges": integration.merges_of(resident),
        "can_undo": policies.can_record_event(request.user),
    }
    return render(request, "registry/resident_detail.html", context)


@login_required
@require_safe
@never_cache
@purpose_required(gettext_lazy("Open a family card"))
def family_detail(
    request: HttpRequest, family_id: uuid.UUID, purpose: PurposeForm
) -> HttpResponse:
    """A family card with its members (each member's read audited)."""
    view = selectors.family_get(request.user, family_id, purpose=purpose.purpose_text())
    family = view.family
    context = {
        "view": view,
        "family": family,
        "rows": attribute_rows({"kk_number": family.kk_number}),
        "query": purpose_query(purpose),
    }
    return render(request, "registry/family_detail.html", context)


def _as_of(request: HttpRequest) -> dt.datetime | None:
    """The end of the day asked for (``?at=YYYY-MM-DD``), in the site's time zone."""
    raw = request.GET.get("at", "")
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return None
    end = dt.datetime.combine(day, dt.time.max)
    return timezone.make_aware(end)


@login_required
@require_safe
@never_cache
@purpose_required(gettext_lazy("See a resident's history"))
def resident_history(
    request: HttpRequest, resident_id: uuid.UUID, purpose: PurposeForm
) -> HttpResponse:
    """Every version with its event; with ``?at=`` also the record as it stood then."""
    text = purpose.purpose_text()
    history = selectors.resident_history(request.user, resident_id, purpose=text)
    at = _as_of(request)
    state = (
        selectors.resident_as_of(request.user, resident_id, at, purpose=text)
        if at
        else None
    )
    timeline = [
        (item, changed_labels(item.changed), attribute_rows(item.data))
        for item in history.states
    ]
    context = {
        "resident": history.resident,
        "timeline": timeline,
        "at": at,
        "at_value": request.GET.get("at", ""),
        "state": state,
        "state_rows": attribute_rows(state.data) if state else [],
        "query": purpose_query(purpose),
        "purpose_fields": purpose.as_query(),
    }
    return render(request, "registry/resident_history.html", context)
