# SPDX-License-Identifier: EUPL-1.2
"""Participatory budgeting: the vote's rules, one ballot per account, results, and
the link of accepted proposals to finance budget lines with their realisation."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

import pytest

from balai.accounts.constants import Role
from balai.accounts.testing import verified
from balai.accounts.tests.factories import StaffFactory
from balai.core.errors import BalaiError, Conflict, NotFound
from balai.finance.services.codes import codes_load_all
from balai.finance.services.journal import spending_post
from balai.finance.tests.helpers import ROAD, approved_budget, item
from balai.participation import budgeting_selectors as selectors
from balai.participation.models.budgeting import BudgetBallot, BudgetRoundStatus
from balai.participation.services import budgeting as services
from balai.participation.tests.budgeting_fixtures import *  # noqa: F403 (fixtures)
from balai.participation.tests.budgeting_fixtures import submit, verified_citizen

pytestmark = pytest.mark.django_db


def _accepted(proposal: Any, officers: dict[str, Any]) -> Any:
    for level in ("desa", "kecamatan", "kabupaten"):
        proposal = services.proposal_decide(
            proposal=proposal, actor=officers[level], decision="forward"
        )
    return proposal


@pytest.fixture
def vote(citizen: Any, musrenbang: Any, officers: dict[str, Any]) -> dict[str, Any]:
    """A round with a 500 million ceiling, two projects per voter at most."""
    costs = {"a": 300_000_000, "b": 150_000_000, "c": 100_000_000, "d": 450_000_000}
    projects = {
        key: submit(citizen, musrenbang, title=f"Proyek {key}", estimated_cost=cost)
        for key, cost in costs.items()
    }
    budget_round = services.budget_round_create(
        actor=officers["kabupaten"],
        musrenbang=musrenbang,
        title="Anggaran partisipatif Coblong",
        region_code="32.73.02",
        ceiling=500_000_000,
        max_projects=2,
        projects=projects.values(),
    )
    services.budget_round_move(
        budget_round=budget_round, actor=officers["kabupaten"], action="open"
    )
    return {"round": budget_round, **projects}


def _ids(vote: dict[str, Any], *keys: str) -> list[Any]:
    return [vote[k].pk for k in keys]


def test_ballots_over_the_ceiling_or_with_too_many_projects_are_refused(
    vote: dict[str, Any],
) -> None:
    voter = verified_citizen()
    budget_round = vote["round"]
    cases = {
        "over_ceiling": ("a", "d"),  # 750 million > 500 million
        "too_many_projects": ("a", "b", "c"),  # three > two
        "empty_ballot": (),
    }
    for code, keys in cases.items():
        with pytest.raises(BalaiError) as caught:
            services.ballot_cast(
                budget_round=budget_round, voter=voter, proposal_ids=_ids(vote, *keys)
            )
        assert caught.value.code == code
    with pytest.raises(BalaiError) as caught:
        services.ballot_cast(
            budget_round=budget_round,
            voter=voter,
            proposal_ids=["not-a-uuid", "00000000-0000-0000-0000-000000000000"],
        )
    assert caught.value.code == "unknown_project"
    assert not BudgetBallot.objects.exists()
    # exactly at the ceiling is allowed
    ballot = services.ballot_cast(
        budget_round=budget_round, voter=voter, proposal_ids=_ids(vote, "a", "b")
    )
    assert ballot.total_cost == Decimal(450_000_000)
    with pytest.raises(Conflict) as caught:
        services.ballot_cast(
            budget_round=budget_round, voter=voter, proposal_ids=_ids(vote, "c")
        )
    assert caught.value.code == "already_voted"


def test_only_verified_citizens_vote_and_only_while_voting_is_open(
    vote: dict[str, Any], officers: dict[str, Any]
) -> None:
    budget_round = vote["round"]
    unconfirmed = verified_citizen()
    unconfirmed.email_verified_at = None
    unconfirmed.save()
    for voter in (unconfirmed, officers["desa"]):
        with pytest.raises(PermissionDenied):
            services.ballot_cast(
                budget_round=budget_round, voter=voter, proposal_ids=_ids(vote, "c")
            )
    services.budget_round_move(
        budget_round=budget_round, actor=officers["kabupaten"], action="close"
    )
    with pytest.raises(Conflict) as caught:
        services.ballot_cast(
            budget_round=budget_round,
            voter=verified_citizen(),
            proposal_ids=_ids(vote, "c"),
        )
    assert caught.value.code == "voting_closed"
    with pytest.raises(PermissionDenied):
        services.budget_round_move(
            budget_round=budget_round, actor=officers["desa"], action="open"
        )


def test_results_fund_the_most_voted_projects_within_the_ceiling(
    vote: dict[str, Any], officers: dict[str, Any]
) -> None:
    budget_round = vote["round"]
    ballots = [("d",), ("d",), ("d",), ("a", "c"), ("a", "c"), ("b", "c")]
    for keys in ballots:
        services.ballot_cast(
            budget_round=budget_round,
            voter=verified_citizen(),
            proposal_ids=_ids(vote, *keys),
        )
    services.budget_round_move(
        budget_round=budget_round, actor=officers["kabupaten"], action="close"
    )
    budget_round.refresh_from_db()
    assert budget_round.status == BudgetRoundStatus.CLOSED
    results = selectors.round_results(budget_round)
    assert results.ballots == 6
    rows = [(r.proposal.title, r.votes, r.funded) for r in results.rows]
    # c and d tie on 3 votes, the cheaper first: c (100) is funded, d (450) no
    # longer fits and is skipped, a (2 votes, 300) fits, b (150) does not
    assert rows == [
        ("Proyek c", 3, True),
        ("Proyek d", 3, False),
        ("Proyek a", 2, True),
        ("Proyek b", 1, False),
    ]
    assert results.funded_total == Decimal(400_000_000) <= budget_round.ceiling


def test_round_rules_are_checked_when_a_round_is_made(
    musrenbang: Any, officers: dict[str, Any]
) -> None:
    with pytest.raises(BalaiError) as caught:
        services.budget_round_create(
            actor=officers["kabupaten"],
            musrenbang=musrenbang,
            title="",
            region_code="",
            ceiling="abc",
            max_projects=0,
            projects=[],
        )
    assert {"title", "ceiling", "max_projects"} <= set(caught.value.field_errors)
    empty = services.budget_round_create(
        actor=officers["kabupaten"],
        musrenbang=musrenbang,
        title="Kosong",
        region_code="",
        ceiling=1_000,
        max_projects=1,
        projects=[],
    )
    with pytest.raises(Conflict):
        services.budget_round_move(
            budget_round=empty, actor=officers["kabupaten"], action="open"
        )


@pytest.mark.django_db(transaction=True)
def test_one_ballot_per_account_under_concurrency(
    vote: dict[str, Any],
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    voter = verified_citizen()
    outcomes: list[str] = []

    def cast() -> None:
        try:
            services.ballot_cast(
                budget_round=vote["round"], voter=voter, proposal_ids=_ids(vote, "c")
            )
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=cast) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1 and outcomes.count("conflict") == 5
    assert BudgetBallot.objects.filter(voter=voter).count() == 1


def test_an_accepted_proposal_follows_its_budget_line_to_realisation(
    citizen: Any, musrenbang: Any, officers: dict[str, Any], offices: dict[str, Any]
) -> None:
    codes_load_all()
    keeper = verified(StaffFactory(agency=offices["pu"], roles=[Role.FINANCE_OFFICER]))
    year = timezone.localdate().year
    road = item(offices["pu"], ROAD)
    approved_budget(keeper, year, {road: 2_000_000})
    spending_post(
        actor=keeper,
        item=road,
        amount=500_000,
        date=dt.date(year, 1, 15),
        document_number="SP2D/0001",
        description="Drainase Dago tahap 1",
    )
    proposal = submit(citizen, musrenbang)
    with pytest.raises(Conflict):  # not accepted yet
        services.proposal_link_budget(
            proposal=proposal, actor=keeper, budget_item_id=road.pk, year=year
        )
    proposal = _accepted(proposal, officers)
    with pytest.raises(PermissionDenied):
        services.proposal_link_budget(
            proposal=proposal, actor=officers["desa"], budget_item_id=road.pk, year=year
        )
    for bad_id in ("nonsense", "00000000-0000-0000-0000-000000000000"):
        with pytest.raises(NotFound):
            services.proposal_link_budget(
                proposal=proposal, actor=keeper, budget_item_id=bad_id, year=year
            )
    with pytest.raises(BalaiError):
        services.proposal_link_budget(
            proposal=proposal, actor=keeper, budget_item_id=road.pk, year="soon"
        )
    services.proposal_link_budget(
        proposal=proposal, actor=keeper, budget_item_id=road.pk, year=year
    )
    realisation = selectors.realisation_of(proposal)
    assert realisation is not None
    assert realisation.budget == Decimal(2_000_000)
    assert realisation.realised == Decimal(500_000)
    assert realisation.percent == Decimal("25.0")
    rows = selectors.accepted_with_realisation(musrenbang)
    assert rows[0][0].pk == proposal.pk and rows[0][1] is not None
