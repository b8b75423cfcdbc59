# SPDX-License-Identifier: EUPL-1.2
"""The opinion map of a consultation: statements to vote on and the chart of
groups (server-rendered SVG, no script), consensus and what each group agrees on."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from balai.core.errors import BalaiError, NotFound
from balai.participation import consultations_policies as policies
from balai.participation import consultations_selectors as selectors
from balai.participation.consultations_constants import VoteValue
from balai.participation.services import opinion as services
from balai.participation.views.consultations import _uuid, run_action


def _url(pk: object) -> str:
    return reverse("participation:opinion", kwargs={"pk": pk})


@require_GET
def opinion_page(request: HttpRequest, pk: str) -> HttpResponse:
    consultation = selectors.consultation_get(pk)
    return render(
        request,
        "participation/consultations/opinion.html",
        {
            "consultation": consultation,
            "statements": selectors.statement_list(consultation, request.user),
            "chart": selectors.opinion_chart(consultation),
            "can_participate": policies.can_participate(request.user),
            "votes": VoteValue,
        },
    )


@require_POST
def statement_vote_view(
    request: HttpRequest, pk: str, statement_pk: str
) -> HttpResponse:
    consultation = selectors.consultation_get(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(_url(consultation.pk))
    statement = (
        consultation.statements.filter(pk=statement_pk).first()
        if _uuid(statement_pk)
        else None
    )
    if statement is None:
        raise NotFound(_("No such statement."))
    try:
        value = int(request.POST.get("value", ""))
    except ValueError:
        value = 99

    def act() -> None:
        if value not in VoteValue.values:
            raise BalaiError(_("Unknown vote."), code="invalid_vote")
        services.statement_vote(actor=request.user, statement=statement, value=value)

    return run_action(request, act, _("Your vote was counted."), _url(consultation.pk))


@require_POST
def statement_add_view(request: HttpRequest, pk: str) -> HttpResponse:
    consultation = selectors.consultation_get(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(_url(consultation.pk))
    return run_action(
        request,
        lambda: services.statement_add(
            actor=request.user,
            consultation=consultation,
            text=request.POST.get("text", ""),
        ),
        _("Your statement was added."),
        _url(consultation.pk),
    )
