# SPDX-License-Identifier: EUPL-1.2
"""The citizen's applications: list, detail with timeline, answer, withdraw,
the signed document, the survey; and uploaded files for applicant and staff."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from balai.cases import selectors, services, states
from balai.cases.constants import Action, Status
from balai.cases.forms import AnswerForm, SurveyForm, WithdrawForm
from balai.cases.models import SatisfactionSurvey
from balai.cases.output import output_pdf
from balai.cases.views.common import (
    answer_rows,
    flash_error,
    load_own,
    service_of,
)
from balai.core.errors import BalaiError
from balai.core.forms import errors_to_form
from balai.core.pagination import page_of

PAGE_SIZE = 20


@login_required
@require_safe
def application_list(request: HttpRequest) -> HttpResponse:
    """Permohonan Saya: the citizen's applications, newest first."""
    rows = selectors.application_list_for_citizen(user=request.user)
    page = page_of(request, rows, per_page=PAGE_SIZE)
    return render(request, "cases/application_list.html", {"page": page})


def _open_request(application: object) -> object:
    return (
        application.information_requests.filter(answered_at__isnull=True)  # type: ignore[attr-defined]
        .order_by("-created_at")
        .first()
    )


@login_required
@never_cache
@require_safe
def application_detail(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    """One application with its full timeline and what the citizen can do next."""
    application = load_own(request, application_id)
    service = service_of(application)
    has_survey = SatisfactionSurvey.objects.filter(application=application).exists()
    return render(
        request,
        "cases/application_detail.html",
        {
            "application": application,
            "service": service,
            "answers": answer_rows(service, application.answers),
            "documents": selectors.current_documents(application),
            "timeline": selectors.timeline(application),
            "open_request": _open_request(application),
            "payable": getattr(application, "payable", None),
            "pay_url": _pay_url(application),
            "can_withdraw": states.can_move(Action.WITHDRAW, application.status),
            "withdraw_form": WithdrawForm(),
            "can_download": application.status == Status.COMPLETED
            and application.issued_document_id is not None,
            "can_survey": application.status == Status.COMPLETED and not has_survey,
            "has_survey": has_survey,
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def application_answer(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    """Answer the officer's request: text and new uploads of the documents asked."""
    application = load_own(request, application_id)
    request_ = _open_request(application)
    if application.status != Status.NEEDS_REVISION or request_ is None:
        return redirect("cases:application-detail", application.pk)
    service = service_of(application)
    asked = set(request_.requirement_codes)  # type: ignore[attr-defined]
    requirements = [r for r in service.requirements if not asked or r.code in asked]
    status = 200
    if request.method == "POST":
        form = AnswerForm(request.POST, request.FILES, requirements=requirements)
        if form.is_valid():
            try:
                services.information_request_answer(
                    actor=request.user,
                    application=application,
                    text=form.cleaned_data["text"],
                    files=form.files_to_send(),
                )
            except BalaiError as exc:
                errors_to_form(
                    form,
                    exc,
                    field_for=lambda name: "text" if name == "text" else f"file_{name}",
                )
            else:
                messages.success(request, _("Your answer was sent to the officer."))
                return redirect("cases:application-detail", application.pk)
        status = 400
    else:
        form = AnswerForm(requirements=requirements)
    return render(
        request,
        "cases/application_answer.html",
        {"application": application, "request_": request_, "form": form},
        status=status,
    )


@login_required
@require_POST
def application_withdraw(
    request: HttpRequest, application_id: uuid.UUID
) -> HttpResponse:
    application = load_own(request, application_id)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.application_withdraw(
            actor=request.user, application=application, reason=reason
        )
    except BalaiError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("The application was withdrawn."))
    return redirect("cases:application-detail", application.pk)


@login_required
@require_GET
def application_output(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    """The signed PDF of a completed application: its applicant's only."""
    application = load_own(request, application_id)
    content = output_pdf(application)
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"{application.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def application_survey(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    """The satisfaction survey, once per completed application."""
    application = load_own(request, application_id)
    if application.status != Status.COMPLETED:
        return redirect("cases:application-detail", application.pk)
    status = 200
    if request.method == "POST":
        form = SurveyForm(request.POST)
        if form.is_valid():
            try:
                services.survey_submit(
                    actor=request.user,
                    application=application,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                )
            except BalaiError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("Thank you for your answers."))
                return redirect("cases:application-detail", application.pk)
        status = 400
    else:
        form = SurveyForm()
    return render(
        request,
        "cases/application_survey.html",
        {"application": application, "form": form},
        status=status,
    )


@login_required
@require_GET
def document_download(
    request: HttpRequest, application_id: uuid.UUID, document_id: uuid.UUID
) -> FileResponse:
    """An uploaded supporting document, for its applicant or the agency's staff
    (the staff read is audited)."""
    document = selectors.document_for_user(
        user=request.user, application_id=application_id, document_id=document_id
    )
    extension = document.file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{document.requirement_code}.{extension}",
        content_type=document.content_type,
    )
    response["Cache-Control"] = "no-store"
    return response


def _pay_url(application: object) -> str:
    """The payment page of an application's open fee order, or ''."""
    from balai.payments.selectors import pay_url

    payable = getattr(application, "payable", None)
    if payable is None or payable.status != "pending":
        return ""
    return pay_url(payable.reference)
