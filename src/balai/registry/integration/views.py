# SPDX-License-Identifier: EUPL-1.2
"""Officer pages of register integration, under /register/integrasi/.

Batches and the review queue list no personal data. A candidate opens only after a
purpose is stated (audited, like every register record); decisions and undoing a
merge are POSTs through the services, which check the policy and audit again.
"""

from __future__ import annotations

import csv
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from balai.core.errors import BalaiError
from balai.core.forms import errors_to_form
from balai.regions.nik import format_nik_masked
from balai.registry import policies
from balai.registry.forms.search import PurposeForm
from balai.registry.integration import selectors, services
from balai.registry.integration.forms import DecisionForm, UndoForm
from balai.registry.integration.importing.codes import shown_message
from balai.registry.integration.tasks import batch_link_task
from balai.registry.views.common import purpose_query, purpose_required
from balai.registry.views.display import LABELS

SIDE_BY_SIDE = (
    "full_name",
    "nik",
    "birth_date",
    "birth_place",
    "sex",
    "address",
    "rt",
    "rw",
    "village",
    "kk_number",
)


@login_required
@require_safe
@never_cache
def batch_list(request: HttpRequest) -> HttpResponse:
    batches = selectors.batch_list(request.user)[:100]
    return render(request, "registry_integration/batch_list.html", {"batches": batches})


@login_required
@require_safe
@never_cache
def batch_detail(request: HttpRequest, batch_id: uuid.UUID) -> HttpResponse:
    batch = selectors.batch_get(request.user, batch_id)
    context = {
        "batch": batch,
        "counts": selectors.batch_status_counts(batch),
        "runs": batch.runs.all()[:10],
        "can_link": policies.can_record_event(request.user),
    }
    return render(request, "registry_integration/batch_detail.html", context)


@login_required
@require_safe
@never_cache
def batch_rejections(request: HttpRequest, batch_id: uuid.UUID) -> HttpResponse:
    """The row-level rejection report (row, field, code, message — no row data)."""
    batch = selectors.batch_get(request.user, batch_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"penolakan-{batch.source.code}-{str(batch.pk)[:8]}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(["row", "field", "code", "message"])
    for rejected in batch.rejections.order_by("row_number").iterator():
        for error in rejected.errors:
            writer.writerow(
                [
                    rejected.row_number,
                    error.get("field", ""),
                    error.get("code", ""),
                    shown_message(error),
                ]
            )
    return response


@login_required
@require_POST
def batch_link(request: HttpRequest, batch_id: uuid.UUID) -> HttpResponse:
    """Queue the linkage of a batch (a background task)."""
    batch = selectors.batch_get(request.user, batch_id)
    policies.ensure_can_record_event(request.user)
    batch_link_task.enqueue(str(batch.pk), str(request.user.pk))
    messages.success(request, _("Linkage of this batch has started."))
    return redirect("registry-integration:batch-detail", batch_id=batch.pk)


@login_required
@require_safe
@never_cache
def review_queue(request: HttpRequest) -> HttpResponse:
    items = selectors.review_queue(request.user)
    return render(request, "registry_integration/review_queue.html", {"items": items})


def _side_by_side(view: selectors.CandidateView) -> list[dict]:
    staged, compared = view.staged, view.resident or view.other
    rows = []
    for name in SIDE_BY_SIDE:
        if name == "village" and view.resident is not None:
            left, right = staged.village_code, view.resident.village_id or ""
        elif name == "village":
            left, right = staged.village_code, getattr(compared, "village_code", "")
        else:
            left, right = getattr(staged, name), getattr(compared, name)
        if name in ("nik", "kk_number"):
            shown = (format_nik_masked(left) if left else "", "")
            shown = (shown[0], format_nik_masked(right) if right else "")
        elif name == "birth_date":
            shown = (
                left.isoformat() if left else "",
                right.isoformat() if right else "",
            )
        else:
            shown = (left or "", right or "")
        rows.append(
            {
                "label": LABELS.get(name, name),
                "source": shown[0],
                "register": shown[1],
                "same": bool(left) and str(left) == str(right),
            }
        )
    return rows


@login_required
@require_safe
@never_cache
@purpose_required(gettext_lazy("Review a possible match"))
def candidate_detail(
    request: HttpRequest, candidate_id: uuid.UUID, purpose: PurposeForm
) -> HttpResponse:
    view = selectors.candidate_get(
        request.user,
        candidate_id,
        purpose=purpose.purpose_text(),
    )
    return _render_candidate(request, view, DecisionForm(), UndoForm(), purpose)


def _render_candidate(request, view, form, undo_form, purpose, status=200):
    context = {
        "view": view,
        "candidate": view.candidate,
        "rows": _side_by_side(view),
        "form": form,
        "undo_form": undo_form,
        "query": purpose_query(purpose),
        "can_decide": policies.can_record_event(request.user),
    }
    return render(
        request, "registry_integration/candidate_detail.html", context, status=status
    )


@login_required
@require_POST
@purpose_required(
    gettext_lazy("Review a possible match"), check=policies.ensure_can_record_event
)
def candidate_decide(
    request: HttpRequest, candidate_id: uuid.UUID, purpose: PurposeForm
) -> HttpResponse:
    view = selectors.candidate_get(
        request.user,
        candidate_id,
        purpose=purpose.purpose_text(),
    )
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.candidate_decide(
                view.candidate,
                actor=request.user,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except BalaiError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Your decision was recorded."))
            return redirect("registry-integration:review-queue")
    return _render_candidate(request, view, form, UndoForm(), purpose, status=400)


@login_required
@require_POST
def merge_undo(request: HttpRequest, merge_id: uuid.UUID) -> HttpResponse:
    merge = selectors.merge_get(request.user, merge_id)
    form = UndoForm(request.POST)
    back = request.POST.get("next", "")
    if not back.startswith("/register/"):
        back = reverse("registry-integration:review-queue")
    if not form.is_valid():
        messages.error(request, _("State why the merge is undone."))
        return redirect(back)
    try:
        services.merge_undo(
            merge, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except BalaiError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The merge was undone."))
    return redirect(back)
