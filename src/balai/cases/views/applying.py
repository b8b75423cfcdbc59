# SPDX-License-Identifier: EUPL-1.2
"""Applying: the form prefilled from the register, documents, review, submit."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from balai.cases import catalog_access, policies, selectors, services
from balai.cases.constants import Status
from balai.cases.forms import SubmitForm, UploadForm, new_token
from balai.cases.views.common import answer_items, load_own, service_of
from balai.core.errors import BalaiError
from balai.core.forms import errors_to_form


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def application_start(request: HttpRequest, slug: str) -> HttpResponse:
    """The service's form, prefilled from the citizen's own register record; a
    valid POST makes a draft (once per token) and leads to the documents step."""
    policies.ensure_can_apply(request.user)
    try:
        service = catalog_access.service_get(slug)
    except BalaiError as exc:
        raise Http404(exc.message) from exc
    if not service.applies_online:
        if service.external_url:
            return redirect(service.external_url)
        raise Http404("not applied for online")
    status = 200
    if request.method == "POST":
        token = (request.POST.get("token") or "")[:64]
        form = catalog_access.application_form(
            service, data=request.POST, files=request.FILES
        )
        if form.is_valid():
            try:
                application = services.application_start(
                    actor=request.user,
                    service=service,
                    answers=getattr(form, "answers", form.cleaned_data),
                    idempotency_key=token,
                )
            except BalaiError as exc:
                errors_to_form(form, exc)
            else:
                return redirect("cases:application-documents", application.pk)
        status = 400
        prefilled = False
    else:
        token = new_token()
        values = selectors.register_values_for(request.user)
        initial = catalog_access.prefill_initial(service, values) if values else {}
        form = catalog_access.application_form(service, initial=initial)
        prefilled = bool(initial)
    return render(
        request,
        "cases/application_start.html",
        {"service": service, "form": form, "token": token, "prefilled": prefilled},
        status=status,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def application_documents(
    request: HttpRequest, application_id: uuid.UUID
) -> HttpResponse:
    """Upload the documents the service asks for, one at a time."""
    application = load_own(request, application_id)
    if application.status != Status.DRAFT:
        return redirect("cases:application-detail", application.pk)
    service = service_of(application)
    status = 200
    if request.method == "POST":
        form = UploadForm(
            request.POST, request.FILES, requirements=service.requirements
        )
        if form.is_valid():
            try:
                services.document_upload(
                    actor=request.user,
                    application=application,
                    requirement_code=form.cleaned_data["requirement"],
                    file=form.cleaned_data["file"],
                )
            except BalaiError as exc:
                errors_to_form(
                    form, exc, field_for=lambda _name: "file", default="file"
                )
            else:
                messages.success(request, _("The document was uploaded."))
                return redirect("cases:application-documents", application.pk)
        status = 400
    else:
        form = UploadForm(requirements=service.requirements)
    uploaded = {d.requirement_code: d for d in selectors.current_documents(application)}
    requirements = [(r, uploaded.get(r.code)) for r in service.requirements]
    return render(
        request,
        "cases/application_documents.html",
        {
            "application": application,
            "service": service,
            "form": form,
            "requirements": requirements,
            "missing": services.missing_requirements(
                application=application, service=service
            ),
        },
        status=status,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    """Change a draft's answers (the "Ubah" links of the review step lead here,
    to the field); then back to the review."""
    application = load_own(request, application_id)
    if application.status != Status.DRAFT:
        return redirect("cases:application-detail", application.pk)
    service = service_of(application)
    status = 200
    if request.method == "POST":
        form = catalog_access.application_form(
            service, data=request.POST, files=request.FILES
        )
        if form.is_valid():
            try:
                services.application_answers_update(
                    actor=request.user,
                    application=application,
                    answers=getattr(form, "answers", form.cleaned_data),
                )
            except BalaiError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("Your answers were saved."))
                return redirect("cases:application-review", application.pk)
        status = 400
    else:
        form = catalog_access.application_form(service, initial=application.answers)
    return render(
        request,
        "cases/application_start.html",
        {"service": service, "form": form, "application": application},
        status=status,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def application_review(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    """Check everything, then submit (idempotent: the token travels with the form)."""
    application = load_own(request, application_id)
    service = service_of(application)
    status = 200
    if request.method == "POST":
        form = SubmitForm(request.POST)
        if form.is_valid():
            try:
                submitted = services.application_submit(
                    actor=request.user,
                    application=application,
                    submit_key=form.cleaned_data["token"],
                )
            except BalaiError as exc:
                errors_to_form(form, exc)
            else:
                return redirect("cases:application-receipt", submitted.pk)
        status = 400
    else:
        if application.status != Status.DRAFT:
            return redirect("cases:application-detail", application.pk)
        form = SubmitForm(initial={"token": new_token()})
    return render(
        request,
        "cases/application_review.html",
        {
            "application": application,
            "service": service,
            "form": form,
            "answers": answer_items(service, application.answers),
            "documents": selectors.current_documents(application),
            "missing": services.missing_requirements(
                application=application, service=service
            ),
        },
        status=status,
    )


@login_required
@require_safe
def application_receipt(
    request: HttpRequest, application_id: uuid.UUID
) -> HttpResponse:
    """The printable receipt (tanda terima) with the application number."""
    application = load_own(request, application_id)
    if not application.number:
        return redirect("cases:application-review", application.pk)
    return render(
        request,
        "cases/application_receipt.html",
        {
            "application": application,
            "service": service_of(application),
            "documents": selectors.current_documents(application),
            "payable": getattr(application, "payable", None),
        },
    )
