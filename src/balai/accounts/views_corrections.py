# SPDX-License-Identifier: EUPL-1.2
"""The staff queue of citizens' data correction requests (UU 27/2022 Art. 6).

Officers and heads of the responsible agency (and of agencies above it) see the queue;
opening a request or its document is an audited read of the person's data.
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST, require_safe

from balai.accounts import data_rights, policies, selectors_corrections
from balai.accounts.constants import CorrectionStatus, Role
from balai.accounts.data_rights_notices import APPLIED_ITEMS
from balai.accounts.forms_corrections import CorrectionFilterForm, CorrectionResolveForm
from balai.accounts.models import DataCorrectionRequest
from balai.core.pages import form_action
from balai.core.pagination import page_of

PAGE_SIZE = 25


@login_required
@require_safe
def correction_list(request: HttpRequest) -> HttpResponse:
    """The queue: requests of the agencies in the user's scope, oldest first."""
    policies.ensure(request.user, "accounts.view_correction_queue")
    form = CorrectionFilterForm(request.GET)
    status = form.status_or_default()
    queue = selectors_corrections.correction_request_queue(
        user=request.user, status=status
    )
    page = page_of(request, queue, per_page=PAGE_SIZE)
    return render(
        request,
        "accounts/correction_list.html",
        {"form": form, "status": status, "page": page},
    )


def _detail_context(
    request: HttpRequest, correction: DataCorrectionRequest
) -> dict[str, object]:
    user = request.user
    can_handle = policies.can(user, "accounts.handle_correction_request", correction)
    is_handler = correction.handled_by_id == user.pk or policies.has_role(
        user, Role.AGENCY_HEAD
    )
    return {
        "correction": correction,
        "history": selectors_corrections.history_steps(correction),
        "applies_on_accept": correction.item in APPLIED_ITEMS,
        "current_value": selectors_corrections.current_value(correction),
        "can_claim": can_handle
        and correction.status in (CorrectionStatus.SUBMITTED, CorrectionStatus.TRIAGE),
        "can_resolve": can_handle
        and correction.status == CorrectionStatus.IN_REVIEW
        and is_handler,
        "own_request": correction.requester_id == user.pk,
    }


def _load(request: HttpRequest, request_id: uuid.UUID) -> DataCorrectionRequest:
    return selectors_corrections.correction_request_for_handling(
        user=request.user, request_id=request_id
    )


@login_required
@require_safe
@never_cache
def correction_detail(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    """One request with the person's current data (an audited read)."""
    correction = _load(request, request_id)
    context = _detail_context(request, correction)
    context["resolve_form"] = CorrectionResolveForm()
    return render(request, "accounts/correction_detail.html", context)


@login_required
@require_POST
def correction_claim(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    return form_action(
        request,
        form=None,
        action=lambda _data: data_rights.correction_request_claim(
            actor=request.user,  # type: ignore[arg-type]
            request_id=request_id,
        ),
        done=_("The request is yours to review."),
        success_url=reverse("accounts:correction-detail", args=[request_id]),
    )


@login_required
@require_POST
@never_cache
def correction_resolve(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    """Accept or reject; a form error shows the request again (status 400)."""
    form = CorrectionResolveForm(request.POST)

    def rerender(form: forms.BaseForm) -> HttpResponse:
        context = _detail_context(request, _load(request, request_id))
        context["resolve_form"] = form
        return render(request, "accounts/correction_detail.html", context)

    return form_action(
        request,
        form=form,
        action=lambda data: data_rights.correction_request_resolve(
            actor=request.user,  # type: ignore[arg-type]
            request_id=request_id,
            accepted=data["decision"] == "accept",
            reason=data.get("reason") or "",
        ),
        done=_("The decision was recorded."),
        success_url=reverse("accounts:correction-detail", args=[request_id]),
        rerender=rerender,
        flash_errors=True,
    )


@login_required
@require_GET
def correction_document(request: HttpRequest, request_id: uuid.UUID) -> FileResponse:
    """The supporting document, as a download (policy-checked and audited)."""
    document = selectors_corrections.correction_document_for_handling(
        user=request.user, request_id=request_id
    )
    response = FileResponse(
        document.file,
        as_attachment=True,
        filename=document.filename,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "no-store"
    return response
