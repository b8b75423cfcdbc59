# SPDX-License-Identifier: EUPL-1.2
"""The officers' side: the agency inbox and one application with its actions.

Staff of other agencies get 404 for an application (its existence is not theirs to
know); opening one is an audited read. Every action is a POST that redirects back;
a form error shows the application again with status 400.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from balai.accounts.constants import Role
from balai.cases import approvals, catalog_access, policies, selectors, services, states
from balai.cases.constants import Action, Status
from balai.cases.forms import (
    ApproveForm,
    AssignForm,
    DocumentCheckForm,
    InboxFilterForm,
    ReasonForm,
    RevisionForm,
)
from balai.cases.models import Application
from balai.cases.output import output_document, output_pdf
from balai.cases.services.register_actions import register_change_of
from balai.cases.views.common import answer_rows, load, service_of
from balai.core.errors import NotFound
from balai.core.pages import form_action
from balai.core.pagination import page_of
from balai.core.sla import sla_state


def role_label(role: str) -> str:
    try:
        return str(Role(role).label)
    except ValueError:
        return role


PAGE_SIZE = 25


def _services_choices(user: Any) -> list[tuple[str, str]]:
    """The services of the agencies the staff member serves, for the inbox filter."""
    codes = policies.agency_codes_served(user)
    return sorted(
        (s.slug, str(s.name))
        for s in catalog_access.service_list()
        if s.applies_online and s.agency in codes
    )


@login_required
@require_safe
def officer_inbox(request: HttpRequest) -> HttpResponse:
    """The agency inbox: filters by status, service and service time, with counts."""
    policies.ensure_can_view_inbox(request.user)
    form = InboxFilterForm(request.GET, services=_services_choices(request.user))
    filters = selectors.InboxFilter(
        status=form.value("status"),
        service=form.value("service"),
        sla=form.value("sla"),
    )
    rows = selectors.inbox(user=request.user, filters=filters)
    page = page_of(request, rows, per_page=PAGE_SIZE)
    page.object_list = selectors.inbox_page(
        user=request.user, applications=list(page.object_list)
    )
    for application in page.object_list:
        application.sla_state = sla_state(application.sla_due)  # type: ignore[attr-defined]
    return render(
        request,
        "cases/officer_inbox.html",
        {
            "form": form,
            "page": page,
            "counts": selectors.inbox_counts(user=request.user),
        },
    )


def _context(
    request: HttpRequest, application: Application, **forms_: Any
) -> dict[str, Any]:
    user = request.user
    service = service_of(application)
    handles = policies.can_handle_application(user, application)
    handling = policies.is_handling(user, application)
    leads = policies.can_lead_application(user, application)
    status = application.status

    def may(action: str) -> bool:
        if not handles or not states.can_move(action, status):
            return False
        move = states.MOVES[action]
        if states.required_actor(move, status) == states.HEAD and not leads:
            return False
        if action == Action.ASSIGN:
            return leads
        return action == Action.CLAIM or handling

    can_claim = may(Action.CLAIM) and (
        application.assigned_to_id != user.pk or status != Status.IN_REVIEW
    )
    approval = approvals.approval_of(application, service)
    pending = approval.pending
    unaccepted = approvals.unaccepted_documents(application, service)
    can_sign = (
        may(Action.APPROVE)
        and pending is not None
        and approvals.may_sign_next(user, application, approval)
    )
    return {
        "application": application,
        "service": service,
        "issued": _issued(application),
        "answers": answer_rows(service, application.answers),
        "documents": selectors.current_documents(application),
        "timeline": selectors.timeline(application),
        "sla": sla_state(application.sla_due),
        "requests": list(application.information_requests.order_by("created_at")),
        "can_claim": can_claim,
        "can_assign": may(Action.ASSIGN),
        "can_check": may(Action.CHECK_DOCUMENT),
        "can_revise": may(Action.REQUEST_REVISION),
        "can_escalate": may(Action.ESCALATE),
        "can_decide": may(Action.REJECT),
        "can_sign": can_sign,
        "can_override": can_sign and leads and bool(unaccepted),
        "chain": [
            (
                chain_step,
                index < len(approval.signed),
                chain_step is pending,
            )
            for index, chain_step in enumerate(approval.chain)
        ],
        "pending_step": pending,
        "approval_final": approval.is_final,
        "unaccepted": unaccepted,
        "own_application": application.applicant_id == user.pk,
        "assign_form": forms_.get("assign_form")
        or AssignForm(officers=list(selectors.colleagues(application))),
        "check_form": DocumentCheckForm(),
        "revision_form": forms_.get("revision_form")
        or RevisionForm(requirements=service.requirements),
        "escalate_form": forms_.get("escalate_form") or ReasonForm(),
        "approve_form": forms_.get("approve_form") or ApproveForm(),
        "reject_form": forms_.get("reject_form") or ReasonForm(),
    }


def _issued(application: Application) -> Any:
    """The signed document of a completed application, or None."""
    try:
        return output_document(application)
    except NotFound:
        return None


@login_required
@never_cache
@require_safe
def officer_output(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    """The signed PDF of a completed application, for its agency's staff (opening
    the application is the audited read)."""
    application = _staff_load(request, application_id)
    try:
        content = output_pdf(application)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{application.number}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _staff_load(request: HttpRequest, application_id: uuid.UUID) -> Application:
    policies.ensure_can_view_inbox(request.user)
    return load(request, application_id)


@login_required
@never_cache
@require_safe
def officer_detail(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    """One application for the agency's staff (an audited read)."""
    application = _staff_load(request, application_id)
    return render(request, "cases/officer_detail.html", _context(request, application))


def _act(
    request: HttpRequest,
    application_id: uuid.UUID,
    form_name: str,
    form: forms.Form | None,
    do: Callable[[Application, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """Run one action; form errors re-render the page (400), others flash."""
    application = _staff_load(request, application_id)

    def rerender(form: forms.BaseForm) -> HttpResponse:
        application.refresh_from_db()
        context = _context(request, application, **{form_name: form})
        return render(request, "cases/officer_detail.html", context)

    try:
        return form_action(
            request,
            form=form,
            action=lambda data: do(application, data),
            done=done,
            success_url=reverse("cases:officer-detail", args=[application.pk]),
            rerender=rerender,
            flash_errors=True,
        )
    except PermissionDenied as exc:
        raise Http404("not yours") from exc


@login_required
@require_POST
def officer_claim(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        application_id,
        "",
        None,
        lambda app, _data: services.application_claim(
            actor=request.user, application=app
        ),
        _("The application is yours to review."),
    )


@login_required
@require_POST
def officer_assign(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    application = _staff_load(request, application_id)
    if not policies.can_lead_application(request.user, application):
        raise Http404("only the agency head assigns")
    form = AssignForm(request.POST, officers=list(selectors.colleagues(application)))
    if not form.is_valid():  # a select list: nothing typed to keep
        messages.error(request, _("Choose an officer of this agency."))
        return redirect("cases:officer-detail", application.pk)
    return _act(
        request,
        application_id,
        "assign_form",
        form,
        lambda app, data: services.application_assign(
            actor=request.user, application=app, officer_id=data["officer"]
        ),
        _("The application was assigned."),
    )


@login_required
@require_POST
def officer_document_check(
    request: HttpRequest, application_id: uuid.UUID, document_id: uuid.UUID
) -> HttpResponse:
    form = DocumentCheckForm(request.POST)

    def do(app: Application, data: dict[str, Any]) -> None:
        document = app.documents.filter(pk=document_id).first()
        if document is None:
            raise NotFound(_("There is no such document."))
        services.document_check(
            actor=request.user,
            document=document,
            ok=data["decision"] == "ok",
            note=data["note"],
        )

    return _act(request, application_id, "check_form", form, do, _("Check recorded."))


@login_required
@require_POST
def officer_request_revision(
    request: HttpRequest, application_id: uuid.UUID
) -> HttpResponse:
    application = _staff_load(request, application_id)
    form = RevisionForm(request.POST, requirements=service_of(application).requirements)
    return _act(
        request,
        application_id,
        "revision_form",
        form,
        lambda app, data: services.revision_request(
            actor=request.user,
            application=app,
            reason=data["reason"],
            requirement_codes=data["requirements"],
        ),
        _("The citizen was asked for a revision."),
    )


@login_required
@require_POST
def officer_escalate(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        application_id,
        "escalate_form",
        ReasonForm(request.POST),
        lambda app, data: services.application_escalate(
            actor=request.user, application=app, reason=data["reason"]
        ),
        _("The application was passed to the agency head."),
    )


@login_required
@require_POST
def officer_approve(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    """Sign the due step of the approval chain; the last one approves. A change to
    the population register is shown on a confirmation page first."""
    application = _staff_load(request, application_id)
    service = service_of(application)
    approval = approvals.approval_of(application, service)
    form = ApproveForm(request.POST)
    change = register_change_of(service) if approval.is_final else ""
    if form.is_valid() and change and not form.cleaned_data["confirm"]:
        return render(
            request,
            "cases/officer_approve_confirm.html",
            {
                "application": application,
                "service": service,
                "answers": answer_rows(service, application.answers),
                "change": change,
                "form": form,
            },
        )
    pending = approval.pending
    if approval.is_final or pending is None:
        done = _("The application was approved and the document issued.")
    else:
        following = approval.chain[len(approval.signed) + 1]
        done = _("Your sign-off was recorded; next: %(step)s (%(role)s).") % {
            "step": following.name,
            "role": role_label(following.role),
        }
    return _act(
        request,
        application_id,
        "approve_form",
        form,
        lambda app, data: services.application_approve(
            actor=request.user,
            application=app,
            reason=data["reason"],
            confirmed=data["confirm"],
            override_reason=data["override_reason"],
        ),
        done,
    )


@login_required
@require_POST
def officer_reject(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    return _act(
        request,
        application_id,
        "reject_form",
        ReasonForm(request.POST),
        lambda app, data: services.application_reject(
            actor=request.user, application=app, reason=data["reason"]
        ),
        _("The application was rejected."),
    )
