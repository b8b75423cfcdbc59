# SPDX-License-Identifier: EUPL-1.2
"""Public consultation pages: the list, a draft with its schedule and comments, the
response matrix (page, CSV, PDF), documents, and the citizens' actions (comment,
reply, support, appeal). Officers' pages are in ``consultations_manage``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from balai.core.errors import BalaiError, NotFound
from balai.participation import consultations_policies as policies
from balai.participation import consultations_selectors as selectors
from balai.participation.consultations_constants import Decision, Phase
from balai.participation.consultations_exports import matrix_csv, matrix_pdf
from balai.participation.models import Consultation, DraftSection, Organisation
from balai.participation.services import consultations as services


def _detail_url(consultation: Consultation) -> str:
    return reverse("participation:consultation-detail", kwargs={"pk": consultation.pk})


def run_action(
    request: HttpRequest, action: Callable[[], Any], success: str, back: str
) -> HttpResponse:
    """Call a service; a domain error becomes a message on the page it came from."""
    try:
        action()
    except BalaiError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(back)


@require_GET
def consultation_list(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.consultation_list()[:100])
    return render(
        request,
        "participation/consultations/consultation_list.html",
        {"consultations": rows},
    )


@require_GET
def consultation_detail(request: HttpRequest, pk: str) -> HttpResponse:
    consultation = selectors.consultation_get(pk)
    user = request.user
    organisations = (
        Organisation.objects.filter(members=user) if user.is_authenticated else []
    )
    return render(
        request,
        "participation/consultations/consultation_detail.html",
        {
            "consultation": consultation,
            "draft": consultation.draft,
            "phase": consultation.phase,
            "phases": Phase,
            "threads": selectors.comment_threads(consultation, user),
            "mine": selectors.own_comments(consultation, user),
            "can_participate": policies.can_participate(user),
            "can_manage": policies.can_manage_consultation(user, consultation),
            "organisations": organisations,
        },
    )


def _section(consultation: Consultation, raw: str) -> DraftSection | None:
    if not raw:
        return None
    section = consultation.draft.sections.filter(pk=raw).first() if _uuid(raw) else None
    if section is None:
        raise BalaiError(_("This section belongs to another draft."), code="invalid")
    return section


def _uuid(raw: str) -> bool:
    import uuid

    try:
        uuid.UUID(str(raw))
    except ValueError:
        return False
    return True


@require_POST
def comment_create(request: HttpRequest, pk: str) -> HttpResponse:
    """A verified citizen comments on the draft or a section, or replies."""
    consultation = selectors.consultation_get(pk)
    back = _detail_url(consultation)
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    post = request.POST

    def act() -> None:
        parent = (
            selectors.comment_get(consultation, post["parent"])
            if post.get("parent")
            else None
        )
        organisation = None
        if post.get("organisation") and _uuid(post["organisation"]):
            organisation = Organisation.objects.filter(pk=post["organisation"]).first()
        services.comment_submit(
            actor=request.user,
            consultation=consultation,
            text=post.get("text", ""),
            section=_section(consultation, post.get("section", "")),
            parent=parent,
            organisation=organisation,
            attachment=request.FILES.get("attachment"),
        )

    return run_action(request, act, _("Thank you: your comment was received."), back)


@require_POST
def comment_support_view(
    request: HttpRequest, pk: str, comment_pk: str
) -> HttpResponse:
    consultation = selectors.consultation_get(pk)
    back = _detail_url(consultation)
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    comment = selectors.comment_get(consultation, comment_pk)
    return run_action(
        request,
        lambda: services.comment_support(actor=request.user, comment=comment),
        _("Your support was counted."),
        back,
    )


@require_POST
def comment_appeal_view(request: HttpRequest, pk: str, comment_pk: str) -> HttpResponse:
    consultation = selectors.consultation_get(pk)
    back = _detail_url(consultation)
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    comment = selectors.comment_get(consultation, comment_pk)
    if comment.author_id != request.user.pk:
        raise NotFound(_("No such comment."))
    return run_action(
        request,
        lambda: services.comment_appeal(
            actor=request.user, comment=comment, text=request.POST.get("text", "")
        ),
        _("Your appeal was sent to the moderators."),
        back,
    )


@require_GET
def matrix_page(request: HttpRequest, pk: str) -> HttpResponse:
    consultation = selectors.consultation_get(pk)
    rows = [
        (comment, selectors.submitter_label(comment))
        for comment in selectors.matrix_rows(consultation)
    ]
    return render(
        request,
        "participation/consultations/matrix.html",
        {
            "consultation": consultation,
            "rows": rows,
            "unanswered": sum(1 for c, _label in rows if not hasattr(c, "response")),
            "decisions": Decision,
        },
    )


@require_GET
def matrix_csv_view(request: HttpRequest, pk: str) -> HttpResponse:
    consultation = selectors.consultation_get(pk)
    response = HttpResponse(
        matrix_csv(consultation), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="matriks-tanggapan-{consultation.pk}.csv"'
    )
    return response


@require_GET
def matrix_pdf_view(request: HttpRequest, pk: str) -> HttpResponse:
    consultation = selectors.consultation_get(pk)
    response = HttpResponse(matrix_pdf(consultation), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="matriks-tanggapan-{consultation.pk}.pdf"'
    )
    return response


@require_GET
def draft_document(request: HttpRequest, pk: str, doc: str) -> FileResponse:
    """The academic paper (``doc`` = "paper") or an attachment of a consultation's
    draft: public documents, cleaned on upload, served from private storage."""
    consultation = selectors.consultation_get(pk)
    draft = consultation.draft
    if doc == "paper":
        if not draft.academic_paper:
            raise NotFound(_("No such document."))
        handle, mime = draft.academic_paper, "application/pdf"
    else:
        attachment = selectors.attachment_get(doc)
        if attachment.draft_id != draft.pk:
            raise NotFound(_("No such document."))
        handle, mime = attachment.file, attachment.mime
    if str(handle.name).endswith((".jpg", ".jpeg")):
        mime = "image/jpeg"
    elif str(handle.name).endswith(".png"):
        mime = "image/png"
    response = FileResponse(handle.open("rb"), content_type=mime)
    response["X-Content-Type-Options"] = "nosniff"
    return response
