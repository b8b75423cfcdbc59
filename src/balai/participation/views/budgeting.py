# SPDX-License-Identifier: EUPL-1.2
"""Musrenbang and participatory budgeting pages: the public list and map, each
proposal's page with its timeline and realisation, the citizens' submit form, the
officers' review queue per level, and the budgeting round with its vote and results.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balai.core.errors import BalaiError, NotFound
from balai.core.forms import errors_to_form
from balai.core.pagination import page_of
from balai.participation import budgeting_policies as policies
from balai.participation import budgeting_selectors as selectors
from balai.participation import budgeting_states as states
from balai.participation.budgeting_forms import (
    BudgetRoundForm,
    DecisionForm,
    LinkBudgetForm,
    ProposalForm,
)
from balai.participation.models.budgeting import (
    BudgetRoundStatus,
    ProposalStatus,
    Sector,
)
from balai.participation.services import budgeting as services

LEVELS = [states.DESA, states.KECAMATAN, states.KABUPATEN]


def map_settings() -> dict[str, str]:
    """The same map box as the reports' pages (their vendored Leaflet and areas)."""
    latitude, longitude = getattr(settings, "MAP_DEFAULT_CENTER", (-6.9, 107.6))
    try:
        areas_url = reverse("reports:public-areas")
    except NoReverseMatch:
        areas_url = ""
    return {
        "tile_url": getattr(settings, "MAP_TILE_URL", "") or "",
        "tile_attribution": getattr(settings, "MAP_TILE_ATTRIBUTION", "") or "",
        "center": f"{latitude},{longitude}",
        "areas_url": areas_url,
        "leaflet_images": static(
            "reports/vendor/leaflet/images/marker-icon.png"
        ).rsplit("/", 1)[0]
        + "/",
    }


def _villages(musrenbang: Any) -> list[tuple[str, str]]:
    from balai.regions.selectors import region_descendants, region_get

    code = getattr(musrenbang, "region_code", "") or ""
    if code and region_get(code) is not None:
        rows = region_descendants(code, level=4)
        return [(r.code, r.name) for r in rows][:2000]
    return []


@require_GET
def musrenbang_list(request: HttpRequest) -> HttpResponse:
    musrenbang = selectors.current_round()
    status = request.GET.get("status", "")
    sector = request.GET.get("sector", "")
    if sector not in Sector.values:
        sector = ""
    rows = selectors.public_proposals(
        musrenbang=musrenbang, status=status, sector=sector
    )
    page = page_of(request, rows, per_page=25)
    return render(
        request,
        "participation/musrenbang/list.html",
        {
            "musrenbang": musrenbang,
            "page": page,
            "status": status if status in ProposalStatus.values else "",
            "sector": sector,
            "statuses": ProposalStatus.choices,
            "sectors": Sector.choices,
            "counts": selectors.status_counts(musrenbang),
            "accepted": selectors.accepted_with_realisation(),  # every round
            "budget_rounds": selectors.budget_rounds()[:5],
            **map_settings(),
        },
    )


@require_GET
def proposal_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    proposal = selectors.proposal_get(public_id)
    user = request.user
    supported = bool(
        user.is_authenticated and proposal.supports.filter(user=user).exists()
    )
    return render(
        request,
        "participation/musrenbang/detail.html",
        {
            "proposal": proposal,
            "timeline": selectors.proposal_timeline(proposal),
            "photos": list(proposal.photos.all()),
            "supported": supported,
            "can_support": proposal.status in states.LEVEL_OF,
            "realisation": selectors.realisation_of(proposal),
            "is_mine": user.is_authenticated and proposal.proposer_id == user.pk,
            "can_link": policies.can_link_budget(user)
            and proposal.status == ProposalStatus.ACCEPTED,
            "link_form": LinkBudgetForm(initial={"year": proposal.round.fiscal_year}),
            **map_settings(),
        },
    )


@require_GET
def proposal_photo(request: HttpRequest, public_id: str, photo_id: str) -> FileResponse:
    photo = selectors.proposal_photo(public_id, photo_id)
    response = FileResponse(photo.file.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_POST
def proposal_support(request: HttpRequest, public_id: str) -> HttpResponse:
    proposal = selectors.proposal_get(public_id)
    detail = reverse("participation:musrenbang-detail", args=[proposal.public_id])
    if not request.user.is_authenticated:
        return redirect_to_login(detail)
    try:  # staff are refused (403): supports are the residents'
        if services.proposal_support(proposal=proposal, actor=request.user):
            messages.success(request, _("Thank you: your support is counted."))
        else:
            messages.info(request, _("You already support this proposal."))
    except BalaiError as exc:
        messages.error(request, exc.message)
    return redirect(detail)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_new(request: HttpRequest) -> HttpResponse:
    musrenbang = selectors.current_round()
    if musrenbang is None or not musrenbang.is_open:
        return render(request, "participation/musrenbang/closed.html", status=200)
    if request.user.is_staff:
        raise PermissionDenied("participation.propose")
    villages = _villages(musrenbang)
    form = ProposalForm(request.POST or None, request.FILES or None, villages=villages)
    duplicates: list[Any] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not data["confirm_new"]:
            try:
                lat = float(data["lat"]) if data["lat"] else None
                lon = float(data["lon"]) if data["lon"] else None
            except ValueError:
                lat = lon = None
            duplicates = selectors.nearby_similar(
                musrenbang=musrenbang,
                sector=data["sector"],
                lat=lat,
                lon=lon,
                title=data["title"],
            )
        if not duplicates:
            try:
                proposal = services.proposal_submit(
                    actor=request.user,
                    musrenbang=musrenbang,
                    title=data["title"],
                    problem=data["problem"],
                    sector=data["sector"],
                    region_code=data["region_code"],
                    estimated_cost=data["estimated_cost"],
                    lat=data["lat"],
                    lon=data["lon"],
                    address=data["address"],
                    kind=data["kind"],
                    group_name=data["group_name"],
                    photos=request.FILES.getlist("photos"),
                )
            except BalaiError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(
                    request,
                    _("Your proposal is recorded as %(number)s.")
                    % {"number": proposal.public_id},
                )
                return redirect("participation:musrenbang-detail", proposal.public_id)
    return render(
        request,
        "participation/musrenbang/form.html",
        {
            "form": form,
            "musrenbang": musrenbang,
            "duplicates": duplicates,
            **map_settings(),
        },
        status=400 if request.method == "POST" and not duplicates else 200,
    )


@login_required
@require_GET
def my_proposals(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "participation/musrenbang/mine.html",
        {"proposals": selectors.proposals_of_user(request.user)},
    )


# --- officers -----------------------------------------------------------------------


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    policies.ensure_can_review(request.user)
    levels = policies.levels_of(request.user)
    level = request.GET.get("level") or levels[0]
    if level not in levels:
        level = levels[0]
    rows = list(selectors.review_queue(request.user, level)[:100])
    for proposal in rows:
        proposal.decision_form = DecisionForm(  # type: ignore[attr-defined]
            prefix=proposal.public_id,
            decisions=states.decisions_for(proposal.status, proposal.level),
        )
        proposal.similar = selectors.nearby_similar(  # type: ignore[attr-defined]
            musrenbang=proposal.round,
            sector=proposal.sector,
            lat=proposal.lat,
            lon=proposal.lon,
            title=proposal.title,
            exclude=proposal.pk,
        )
    deferred = list(selectors.deferred_at(request.user, level)[:50])
    for proposal in deferred:
        proposal.decision_form = DecisionForm(  # type: ignore[attr-defined]
            prefix=proposal.public_id, decisions=["reopen"]
        )
    return render(
        request,
        "participation/musrenbang/review.html",
        {
            "levels": [(lv, _level_label(lv)) for lv in levels],
            "level": level,
            "level_label": _level_label(level),
            "proposals": rows,
            "deferred": deferred,
        },
    )


def _level_label(level: str) -> str:
    from balai.participation.models.budgeting import ProposalLevel

    return str(ProposalLevel(level).label)


@login_required
@require_POST
def proposal_decide(request: HttpRequest, public_id: str) -> HttpResponse:
    proposal = selectors.proposal_get(public_id)
    policies.ensure_can_review(request.user, proposal)
    form = DecisionForm(request.POST, prefix=proposal.public_id)
    back = reverse("participation:musrenbang-review") + f"?level={proposal.level}"
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect(back)
    data = form.cleaned_data
    target = None
    if data["decision"] == states.MERGE and data["merge_into"]:
        try:
            target = selectors.proposal_get(data["merge_into"].strip().upper())
        except NotFound:
            messages.error(request, _("There is no proposal with this number."))
            return redirect(back)
    try:
        services.proposal_decide(
            proposal=proposal,
            actor=request.user,
            decision=data["decision"],
            reason=data["reason"],
            merge_into=target,
        )
    except BalaiError as exc:
        messages.error(request, f"{proposal.public_id}: {exc.message}")
    else:
        messages.success(
            request,
            _("%(number)s: decision recorded.") % {"number": proposal.public_id},
        )
    return redirect(back)


@login_required
@require_POST
def proposal_link_budget(request: HttpRequest, public_id: str) -> HttpResponse:
    proposal = selectors.proposal_get(public_id)
    policies.ensure_can_link_budget(request.user)
    form = LinkBudgetForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_link_budget(
                proposal=proposal,
                actor=request.user,
                budget_item_id=form.cleaned_data["budget_item"].strip(),
                year=form.cleaned_data["year"],
            )
        except BalaiError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The proposal is linked to the budget item."))
    else:
        messages.error(request, _("Give the budget item and the fiscal year."))
    return redirect("participation:musrenbang-detail", proposal.public_id)


# --- participatory budgeting --------------------------------------------------------


@require_GET
def budget_round_list(request: HttpRequest) -> HttpResponse:
    manages = policies.can_manage_rounds(request.user)
    return render(
        request,
        "participation/musrenbang/rounds.html",
        {"rounds": selectors.budget_rounds(public=not manages), "manages": manages},
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget_round_new(request: HttpRequest) -> HttpResponse:
    """Planners prepare a vote among the current Musrenbang round's proposals; it
    stays a draft (seen by planners only) until they open it."""
    policies.ensure_can_manage_rounds(request.user)
    musrenbang = selectors.current_round()
    if musrenbang is None:
        raise NotFound(_("There is no Musrenbang round to vote on."))
    candidates = list(selectors.vote_candidates(musrenbang))
    choices = [
        (str(p.pk), f"{p.title} — Rp {p.estimated_cost:,.0f}".replace(",", "."))
        for p in candidates
    ]
    form = BudgetRoundForm(request.POST or None, candidates=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = set(data["projects"])
        try:
            budget_round = services.budget_round_create(
                actor=request.user,
                musrenbang=musrenbang,
                title=data["title"],
                region_code=data["region_code"],
                ceiling=data["ceiling"],
                max_projects=data["max_projects"],
                projects=[p for p in candidates if str(p.pk) in chosen],
            )
        except BalaiError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("The round is prepared. Open the vote when the projects are right."),
            )
            return redirect("participation:budget-round", budget_round.pk)
    return render(
        request,
        "participation/musrenbang/round_form.html",
        {"form": form, "musrenbang": musrenbang, "has_candidates": bool(candidates)},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def budget_round_move_view(request: HttpRequest, pk: str, action: str) -> HttpResponse:
    """Planners open a prepared round's vote, or close it (the results publish)."""
    policies.ensure_can_manage_rounds(request.user)
    budget_round = selectors.budget_round_get(pk, public=False)
    try:
        services.budget_round_move(
            budget_round=budget_round, actor=request.user, action=action
        )
    except BalaiError as exc:
        messages.error(request, exc.message)
    else:
        done = {
            "open": _("The vote is open."),
            "close": _("The vote is closed and its results are published."),
        }
        messages.success(request, done[action])
    return redirect("participation:budget-round", budget_round.pk)


@require_http_methods(["GET", "POST"])
def budget_round_detail(request: HttpRequest, pk: str) -> HttpResponse:
    user = request.user
    manages = policies.can_manage_rounds(user)
    budget_round = selectors.budget_round_get(pk, public=not manages)
    errors: list[str] = []
    chosen: list[str] = []
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(request.path)
        chosen = request.POST.getlist("projects")
        try:
            services.ballot_cast(
                budget_round=budget_round, voter=user, proposal_ids=chosen
            )
        except PermissionDenied:
            errors.append(
                _(
                    "Only verified citizen accounts (NIK and confirmed contact) "
                    "can vote."
                )
            )
        except BalaiError as exc:
            errors.append(exc.message)
        else:
            messages.success(request, _("Your ballot is counted. Thank you."))
            return redirect("participation:budget-round", budget_round.pk)
    closed = budget_round.status == BudgetRoundStatus.CLOSED
    return render(
        request,
        "participation/musrenbang/round.html",
        {
            "round": budget_round,
            "projects": selectors.round_projects(budget_round),
            "voted": selectors.has_voted(budget_round, user),
            "may_vote": policies.can_vote(user),
            "voting": budget_round.status == BudgetRoundStatus.VOTING,
            "results": selectors.round_results(budget_round) if closed else None,
            "errors": errors,
            "chosen": chosen,
            "manages": manages,
        },
        status=400 if errors else 200,
    )
