# SPDX-License-Identifier: EUPL-1.2
"""Poll pages: the public list, a poll with its vote form, results, the receipt check
and the officers' pages to create, open and close polls.

The receipt code appears once, in the answer to the vote, and is never put in a URL,
a session, a message or a log: with it, a ballot (and its choice) can be found, so it
must stay with the voter. The receipt check takes the code by POST for the same reason.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from balai.core.errors import BalaiError
from balai.core.pagination import page_of
from balai.participation import poll_policies as policies
from balai.participation import poll_selectors as selectors
from balai.participation.models import Poll
from balai.participation.poll_forms import PollCreateForm, ReceiptCheckForm
from balai.participation.services import polls as services


@require_safe
def poll_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in {"open", "closed"}:
        status = ""
    rows = selectors.poll_list(request.user, status=status or None).exclude(
        status=Poll.Status.DRAFT
    )
    page = page_of(request, rows, per_page=20)
    return render(
        request,
        "participation/polls/poll_list.html",
        {
            "page": page,
            "status": status,
            "can_manage": policies.can_manage_polls(request.user),
        },
    )


def _eligibility(request: HttpRequest, poll: Poll) -> tuple[bool, str, bool]:
    """(may vote now, why not, has voted) for the page; the service decides anew."""
    user = request.user
    if not poll.is_accepting_votes():
        return False, _("This poll is not open for voting."), False
    if not user.is_authenticated:
        return False, _("Sign in with your citizen account to vote."), False
    if not policies.can_vote(user, poll):
        return False, _("Only citizens vote in polls."), False
    try:
        resident = services.voter_resident(user)
        services.check_eligibility(poll=poll, resident=resident)
    except BalaiError as error:
        return False, error.message, False
    if selectors.has_voted(user, poll):
        return False, _("You have already voted in this poll."), True
    return True, "", False


def _detail(
    request: HttpRequest, poll: Poll, *, error: str = "", status: int = 200
) -> HttpResponse:
    may_vote, reason, voted = _eligibility(request, poll)
    options = list(poll.options.all())
    return render(
        request,
        "participation/polls/poll_detail.html",
        {
            "poll": poll,
            "options": options,
            "ranks": range(1, len(options) + 1),
            "may_vote": may_vote,
            "reason": reason,
            "voted": voted,
            "error": error,
            "results_visible": poll.results_visible(),
            "can_manage": policies.can_manage_polls(request.user, poll),
        },
        status=status,
    )


@require_safe
def poll_detail(request: HttpRequest, poll_id: Any) -> HttpResponse:
    poll = selectors.poll_get(request.user, poll_id)
    return _detail(request, poll)


def _chosen(request: HttpRequest, poll: Poll) -> list[str]:
    """The marked option ids in the order the service expects."""
    if poll.kind != Poll.Kind.RANKED:
        return request.POST.getlist("options")
    ranked: list[tuple[int, str]] = []
    for option in poll.options.all():
        raw = request.POST.get(f"rank_{option.pk}", "")
        try:
            ranked.append((int(raw), str(option.pk)))
        except ValueError:
            continue
    ranks = sorted(rank for rank, _option in ranked)
    if ranks != list(range(1, len(ranked) + 1)):
        raise BalaiError(
            _("Give each option a different rank, from 1 (most preferred)."),
            code=services.PollErrorCode.INVALID_CHOICE,
        )
    return [option for _rank, option in sorted(ranked)]


@never_cache
@login_required
@require_POST
def poll_vote(request: HttpRequest, poll_id: Any) -> HttpResponse:
    poll = selectors.poll_get(request.user, poll_id)
    policies.ensure_can_vote(request.user, poll)
    try:
        receipt = services.poll_vote(
            voter=request.user, poll=poll, option_ids=_chosen(request, poll)
        )
    except BalaiError as error:
        if getattr(request, "htmx", False):  # swapped into the page in place
            return _detail(request, poll, error=error.message)
        messages.error(request, error.message)
        return redirect("participation:poll-detail", poll_id=poll.pk)
    template = "participation/polls/poll_receipt.html"
    if getattr(request, "htmx", False):
        template += "#receipt"
    response = render(request, template, {"poll": poll, "receipt": receipt})
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def poll_results(request: HttpRequest, poll_id: Any) -> HttpResponse:
    poll = selectors.poll_get(request.user, poll_id)
    results = selectors.poll_results(poll) if poll.results_visible() else None
    return render(
        request,
        "participation/polls/poll_results.html",
        {"poll": poll, "results": results},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def receipt_check(request: HttpRequest) -> HttpResponse:
    form = ReceiptCheckForm(request.POST or None)
    check = None
    if request.method == "POST" and form.is_valid():
        check = selectors.receipt_check(form.cleaned_data["code"])
    return render(
        request,
        "participation/polls/receipt_check.html",
        {"form": form, "check": check},
    )


# --- officers --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def poll_manage(request: HttpRequest) -> HttpResponse:
    if not policies.can_manage_polls(request.user):
        raise PermissionDenied
    form = PollCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            poll = services.poll_create(
                actor=request.user,
                data=services.PollData(
                    title=data["title"],
                    description=data["description"],
                    kind=data["kind"],
                    options=form.option_labels(),
                    opens_at=data["opens_at"],
                    closes_at=data["closes_at"],
                    max_choices=data["max_choices"],
                    results_live=data["results_live"],
                    min_age=data["min_age"],
                    max_age=data["max_age"],
                    region_code=data["region_code"].strip(),
                    breakdown=data["breakdown"],
                ),
            )
        except BalaiError as error:
            for field, errors in error.field_errors.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
            if not error.field_errors:
                form.add_error(None, error.message)
        else:
            messages.success(request, _("The poll is saved as a draft."))
            return redirect("participation:poll-detail", poll_id=poll.pk)
    return render(
        request,
        "participation/polls/poll_manage.html",
        {"form": form, "polls": selectors.managed_polls(request.user)},
        status=400 if form.errors else 200,
    )


def _transition(
    request: HttpRequest, poll_id: Any, action: Any, done: str
) -> HttpResponse:
    poll = selectors.poll_get(request.user, poll_id)
    policies.ensure_can_manage_polls(request.user, poll)
    try:
        action(actor=request.user, poll=poll)
    except BalaiError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("participation:poll-manage")


@login_required
@require_POST
def poll_open(request: HttpRequest, poll_id: Any) -> HttpResponse:
    return _transition(request, poll_id, services.poll_open, _("The poll is open."))


@login_required
@require_POST
def poll_close(request: HttpRequest, poll_id: Any) -> HttpResponse:
    return _transition(request, poll_id, services.poll_close, _("The poll is closed."))
