# SPDX-License-Identifier: EUPL-1.2
"""Officers' consultation pages: publish a draft, enter offline input, moderate,
answer every submission (the response matrix) and close with the outcome.

Only verified officers of the owning agency (or an agency above it) reach these
pages; anybody else gets 404 for a consultation and 403 for the list.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from balai.core.errors import BalaiError
from balai.participation import consultations_policies as policies
from balai.participation import consultations_selectors as selectors
from balai.participation.consultations_constants import (
    OFFLINE_CHANNELS,
    AppealStatus,
    Channel,
    Decision,
    DraftKind,
)
from balai.participation.models import Comment, Consultation
from balai.participation.services import consultations as services
from balai.participation.views.consultations import _section, run_action


def _manage_url(pk: object) -> str:
    return reverse("participation:consultation-manage", kwargs={"pk": pk})


def parse_sections(raw: str) -> list[tuple[str, str]]:
    """Sections typed as blocks separated by a blank line: heading, then text."""
    sections = []
    for block in (raw or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line for line in block.strip().split("\n") if line.strip()]
        if len(lines) >= 2:
            sections.append((lines[0].strip(), "\n".join(lines[1:]).strip()))
        elif lines:
            sections.append((lines[0].strip(), ""))
    return sections


def _date(raw: str) -> dt.datetime | None:
    day = parse_date(raw or "")
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


@login_required
@require_GET
def manage_list(request: HttpRequest) -> HttpResponse:
    policies.ensure_can_manage_consultation(request.user)
    rows = policies.visible_managed_consultations(request.user).select_related(
        "draft", "draft__agency"
    )
    return render(
        request,
        "participation/consultations/manage_list.html",
        {"consultations": rows, "kinds": DraftKind.choices},
    )


@login_required
@require_POST
def draft_publish(request: HttpRequest) -> HttpResponse:
    """Create a draft with its sections (and academic paper) and announce it."""
    policies.ensure_can_manage_consultation(request.user)
    try:
        with transaction.atomic():
            consultation = _publish(request)
    except BalaiError as error:
        messages.error(request, error.message)
        return redirect("participation:consultation-manage-list")
    messages.success(request, _("The consultation was announced."))
    return redirect(_manage_url(consultation.pk))


def _publish(request: HttpRequest) -> Consultation:
    post = request.POST
    opens, closes = _date(post.get("opens_on", "")), _date(post.get("closes_on", ""))
    if opens is None or closes is None:
        raise BalaiError(
            _("The consultation must open before it closes."), code="invalid_dates"
        )
    draft = services.draft_create(
        actor=request.user,
        title=post.get("title", ""),
        kind=post.get("kind", ""),
        summary=post.get("summary", ""),
        sections=parse_sections(post.get("sections", "")),
        academic_paper=request.FILES.get("academic_paper"),
    )
    for upload in request.FILES.getlist("attachments"):
        services.draft_attachment_add(
            actor=request.user, draft=draft, title=upload.name or "", file=upload
        )
    return services.consultation_publish(
        actor=request.user, draft=draft, opens_at=opens, closes_at=closes
    )


@login_required
@require_GET
def manage_detail(request: HttpRequest, pk: str) -> HttpResponse:
    consultation = selectors.managed_consultation_get(request.user, pk)
    rows = [
        (comment, selectors.submitter_label(comment))
        for comment in selectors.matrix_rows(consultation)
    ]
    hidden = consultation.comments.filter(moderation="hidden").order_by("created_at")
    return render(
        request,
        "participation/consultations/manage_detail.html",
        {
            "consultation": consultation,
            "rows": rows,
            "unanswered": sum(1 for c, _label in rows if not hasattr(c, "response")),
            "hidden": hidden,
            "pending": AppealStatus.PENDING,
            "threads": selectors.comment_threads(consultation, request.user),
            "sections": consultation.draft.sections.all(),
            "decisions": Decision.choices,
            "channels": [(c.value, c.label) for c in Channel if c in OFFLINE_CHANNELS],
        },
    )


def _managed_comment(
    request: HttpRequest, pk: str, comment_pk: str
) -> tuple[Consultation, Comment]:
    consultation = selectors.managed_consultation_get(request.user, pk)
    return consultation, selectors.comment_get(consultation, comment_pk)


@login_required
@require_POST
def response_view(request: HttpRequest, pk: str, comment_pk: str) -> HttpResponse:
    _consultation, comment = _managed_comment(request, pk, comment_pk)
    post = request.POST
    return run_action(
        request,
        lambda: services.response_record(
            actor=request.user,
            comment=comment,
            decision=post.get("decision", ""),
            reason=post.get("reason", ""),
            final_section=post.get("final_section", ""),
        ),
        _("The answer was recorded and the commenter will be told."),
        _manage_url(pk),
    )


@login_required
@require_POST
def hide_view(request: HttpRequest, pk: str, comment_pk: str) -> HttpResponse:
    _consultation, comment = _managed_comment(request, pk, comment_pk)
    return run_action(
        request,
        lambda: services.comment_hide(
            actor=request.user, comment=comment, reason=request.POST.get("reason", "")
        ),
        _("The comment was hidden."),
        _manage_url(pk),
    )


@login_required
@require_POST
def appeal_decide_view(request: HttpRequest, pk: str, comment_pk: str) -> HttpResponse:
    _consultation, comment = _managed_comment(request, pk, comment_pk)
    return run_action(
        request,
        lambda: services.appeal_decide(
            actor=request.user,
            comment=comment,
            restore=request.POST.get("restore") == "1",
            answer=request.POST.get("answer", ""),
        ),
        _("The appeal was decided."),
        _manage_url(pk),
    )


@login_required
@require_POST
def offline_view(request: HttpRequest, pk: str) -> HttpResponse:
    consultation = selectors.managed_consultation_get(request.user, pk)
    post = request.POST
    return run_action(
        request,
        lambda: services.offline_input_add(
            actor=request.user,
            consultation=consultation,
            channel=post.get("channel", ""),
            source=post.get("source", ""),
            text=post.get("text", ""),
            section=_section(consultation, post.get("section", "")),
        ),
        _("The input was added to the response matrix."),
        _manage_url(pk),
    )


@login_required
@require_POST
def close_view(request: HttpRequest, pk: str) -> HttpResponse:
    consultation = selectors.managed_consultation_get(request.user, pk)
    return run_action(
        request,
        lambda: services.consultation_close(
            actor=request.user,
            consultation=consultation,
            outcome=request.POST.get("outcome", ""),
        ),
        _("The consultation was closed and its outcome published."),
        _manage_url(pk),
    )
