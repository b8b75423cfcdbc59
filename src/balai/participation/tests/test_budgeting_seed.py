# SPDX-License-Identifier: EUPL-1.2
"""The demo seeder: a closed and an open Musrenbang round, proposals at each level,
a participatory budgeting vote in progress; a second run adds nothing."""

from __future__ import annotations

from typing import Any

import pytest

from balai.accounts.constants import Role
from balai.accounts.tests.factories import AgencyFactory, StaffFactory
from balai.core.seeding import make_context, seeders
from balai.participation.models.budgeting import (
    BudgetRound,
    MusrenbangRound,
    Proposal,
    ProposalStatus,
)
from balai.participation.seed_budgeting import seed_budgeting
from balai.participation.tests.budgeting_fixtures import verified_citizen

pytestmark = pytest.mark.django_db


def test_the_seeder_is_registered_after_finance() -> None:
    names = [name for name, _fn in seeders()]
    assert names.index("finance") < names.index("participation-budgeting")


def test_the_demo_has_proposals_at_each_level_and_a_vote(sample_regions: Any) -> None:
    StaffFactory(agency=AgencyFactory(code="diskominfo"), roles=[Role.SYSTEM_ADMIN])
    for _ in range(12):
        verified_citizen()
    lines: list[str] = []
    context = make_context(residents=0, seed=1, write=lines.append, progress=False)
    seed_budgeting(context)
    assert MusrenbangRound.objects.count() == 2
    statuses = set(Proposal.objects.values_list("status", flat=True))
    assert {
        ProposalStatus.AT_DESA,
        ProposalStatus.AT_KECAMATAN,
        ProposalStatus.AT_KABUPATEN,
        ProposalStatus.ACCEPTED,
        ProposalStatus.DEFERRED,
        ProposalStatus.REJECTED,
        ProposalStatus.MERGED,
    } <= statuses
    budget_round = BudgetRound.objects.get()
    assert budget_round.status == "voting" and budget_round.ballots.exists()
    seed_budgeting(context)
    assert MusrenbangRound.objects.count() == 2
    assert "participation" in lines[0]
