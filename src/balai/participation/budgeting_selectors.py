# SPDX-License-Identifier: EUPL-1.2
"""Reads of Musrenbang and participatory budgeting: public lists, nearby duplicates,
the officers' queues, round results and the realisation of accepted proposals."""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet

from balai.core.errors import NotFound
from balai.core.geo import bbox_around, haversine_m
from balai.participation import budgeting_policies as policies
from balai.participation.budgeting_states import LEVEL_OF, STATUS_OF_LEVEL
from balai.participation.models.budgeting import (
    BudgetBallotChoice,
    BudgetRound,
    BudgetRoundStatus,
    MusrenbangRound,
    Proposal,
    ProposalDecision,
    ProposalPhoto,
    ProposalStatus,
)

DUPLICATE_RADIUS_M = 300.0


def current_round() -> MusrenbangRound | None:
    """The round taking proposals (newest first), else the newest round."""
    return (
        MusrenbangRound.objects.filter(is_open=True).first()
        or MusrenbangRound.objects.first()
    )


def round_get(pk: Any) -> MusrenbangRound:
    found = MusrenbangRound.objects.filter(pk=pk).first() if _uuid(pk) else None
    if found is None:
        raise NotFound("round not found")
    return found


def _uuid(value: Any) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def public_proposals(
    *, musrenbang: MusrenbangRound | None = None, status: str = "", sector: str = ""
) -> QuerySet[Proposal]:
    rows = Proposal.objects.select_related("agency", "merged_into", "round")
    if musrenbang is not None:
        rows = rows.filter(round=musrenbang)
    if status in ProposalStatus.values:
        rows = rows.filter(status=status)
    if sector:
        rows = rows.filter(sector=sector)
    return rows.order_by("-support_count", "-created_at")


def proposal_get(public_id: str) -> Proposal:
    found = (
        Proposal.objects.select_related("agency", "merged_into", "round", "budget_item")
        .filter(public_id=(public_id or "")[:16])
        .first()
    )
    if found is None:
        raise NotFound("proposal not found")
    return found


def proposal_timeline(proposal: Proposal) -> QuerySet[ProposalDecision]:
    return proposal.decisions.all().order_by("created_at")


def proposal_photo(public_id: str, photo_id: Any) -> ProposalPhoto:
    photo = (
        ProposalPhoto.objects.filter(pk=photo_id, proposal__public_id=public_id).first()
        if _uuid(photo_id)
        else None
    )
    if photo is None:
        raise NotFound("photo not found")
    return photo


def proposals_of_user(user: Any) -> QuerySet[Proposal]:
    if not getattr(user, "is_authenticated", False):
        return Proposal.objects.none()
    return Proposal.objects.filter(proposer=user).order_by("-created_at")


def nearby_similar(
    *,
    musrenbang: MusrenbangRound,
    sector: str,
    lat: float | None,
    lon: float | None,
    title: str = "",
    exclude: Any = None,
    radius_m: float = DUPLICATE_RADIUS_M,
    limit: int = 5,
) -> list[Proposal]:
    """Proposals of the same round and sector under review within ``radius_m``,
    the most similar title first, then the nearest (the reports' nearby-duplicate
    idea: a bounding box in SQL, the exact distance in Python). Each carries
    ``distance_m`` and ``similarity`` (0..1)."""
    if lat is None or lon is None:
        return []
    lat, lon = float(lat), float(lon)
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return []
    min_lat, max_lat, min_lon, max_lon = bbox_around(lat, lon, radius_m)
    rows = Proposal.objects.filter(
        round=musrenbang,
        sector=sector,
        status__in=list(LEVEL_OF),
        lat__gte=min_lat,
        lat__lte=max_lat,
        lon__gte=min_lon,
        lon__lte=max_lon,
    )
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    found: list[Proposal] = []
    wanted = (title or "").lower()
    for proposal in rows[:200]:
        distance = haversine_m(
            lat, lon, float(proposal.lat or 0), float(proposal.lon or 0)
        )
        if distance > radius_m:
            continue
        proposal.distance_m = round(distance)  # type: ignore[attr-defined]
        proposal.similarity = (  # type: ignore[attr-defined]
            difflib.SequenceMatcher(None, wanted, proposal.title.lower()).ratio()
            if wanted
            else 0.0
        )
        found.append(proposal)
    found.sort(key=lambda p: (-p.similarity, p.distance_m))  # type: ignore[attr-defined]
    return found[:limit]


def review_queue(user: Any, level: str) -> QuerySet[Proposal]:
    """The proposals waiting at ``level`` that ``user`` may decide."""
    if level not in policies.levels_of(user):
        return Proposal.objects.none()
    rows = Proposal.objects.filter(status=STATUS_OF_LEVEL[level]).select_related(
        "agency"
    )
    if level == "kabupaten" and not policies.is_planner(user):
        rows = rows.filter(agency_id=user.agency_id)
    return rows.order_by("-support_count", "created_at")


def deferred_at(user: Any, level: str) -> QuerySet[Proposal]:
    if level not in policies.levels_of(user):
        return Proposal.objects.none()
    return Proposal.objects.filter(status=ProposalStatus.DEFERRED, level=level)


# --- participatory budgeting -------------------------------------------------------


def budget_rounds(*, public: bool = True) -> QuerySet[BudgetRound]:
    rows = BudgetRound.objects.select_related("musrenbang")
    if public:
        rows = rows.exclude(status=BudgetRoundStatus.DRAFT)
    return rows.order_by("-created_at")


def budget_round_get(pk: Any, *, public: bool = True) -> BudgetRound:
    rows = budget_rounds(public=public)
    found = rows.filter(pk=pk).first() if _uuid(pk) else None
    if found is None:
        raise NotFound("round not found")
    return found


# proposals a participatory budgeting round may put to the vote: still in the
# pipeline above the village, or accepted (not deferred, rejected or merged)
VOTE_CANDIDATE_STATUSES = (
    ProposalStatus.AT_KECAMATAN,
    ProposalStatus.AT_KABUPATEN,
    ProposalStatus.ACCEPTED,
)


def vote_candidates(musrenbang: MusrenbangRound) -> QuerySet[Proposal]:
    """What planners may choose from when they prepare a round's vote."""
    return Proposal.objects.filter(
        round=musrenbang, status__in=VOTE_CANDIDATE_STATUSES
    ).order_by("estimated_cost", "title")


def round_projects(budget_round: BudgetRound) -> QuerySet[Proposal]:
    return budget_round.projects.select_related("agency").order_by("estimated_cost")


def has_voted(budget_round: BudgetRound, user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return budget_round.ballots.filter(voter=user).exists()


@dataclass
class ResultRow:
    proposal: Proposal
    votes: int
    funded: bool


@dataclass
class Results:
    rows: list[ResultRow]
    ballots: int
    funded_total: Decimal
    ceiling: Decimal


def round_results(budget_round: BudgetRound) -> Results:
    """Votes per project, most first; projects are funded greedily in that order
    while they fit under the ceiling (the usual PB rule: a project that does not fit
    is skipped and cheaper ones below it may still be funded)."""
    votes = dict(
        BudgetBallotChoice.objects.filter(ballot__round=budget_round)
        .values_list("proposal_id")
        .annotate(n=Count("id"))
        .values_list("proposal_id", "n")
    )
    projects = list(round_projects(budget_round))
    projects.sort(key=lambda p: (-votes.get(p.pk, 0), p.estimated_cost, p.public_id))
    left = budget_round.ceiling
    rows: list[ResultRow] = []
    funded_total = Decimal(0)
    for project in projects:
        count = votes.get(project.pk, 0)
        funded = count > 0 and project.estimated_cost <= left
        if funded:
            left -= project.estimated_cost
            funded_total += project.estimated_cost
        rows.append(ResultRow(proposal=project, votes=count, funded=funded))
    return Results(
        rows=rows,
        ballots=budget_round.ballots.count(),
        funded_total=funded_total,
        ceiling=budget_round.ceiling,
    )


# --- accountability ----------------------------------------------------------------


@dataclass
class Realisation:
    """Budget against realisation of the budget item an accepted proposal went to."""

    year: int
    item_label: str
    agency_name: str
    budget: Decimal | None
    realised: Decimal

    @property
    def percent(self) -> Decimal | None:
        if not self.budget:
            return None
        return (self.realised * 100 / self.budget).quantize(Decimal("0.1"))


def realisation_of(proposal: Proposal) -> Realisation | None:
    """Read through finance: the item's ceiling in the budget in force and what has
    been realised on it this year (from finance's rollups)."""
    if proposal.budget_item_id is None or proposal.budget_year is None:
        return None
    from balai.finance.selectors import item_get
    from balai.finance.services.journal import ceiling_of, realised

    item = item_get(proposal.budget_item_id)
    if item is None:
        return None
    return Realisation(
        year=proposal.budget_year,
        item_label=f"{item.sub_activity.code} {item.sub_activity.name}",
        agency_name=item.agency.name,
        budget=ceiling_of(item, proposal.budget_year),
        realised=realised(item, proposal.budget_year),
    )


def accepted_with_realisation(
    musrenbang: MusrenbangRound | None = None,
) -> list[tuple[Proposal, Realisation | None]]:
    rows = Proposal.objects.filter(status=ProposalStatus.ACCEPTED).select_related(
        "agency"
    )
    if musrenbang is not None:
        rows = rows.filter(round=musrenbang)
    return [
        (p, realisation_of(p)) for p in rows.order_by("-budget_year", "title")[:100]
    ]


def status_counts(musrenbang: MusrenbangRound | None) -> dict[str, int]:
    rows = Proposal.objects.all()
    if musrenbang is not None:
        rows = rows.filter(round=musrenbang)
    return dict(
        rows.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
