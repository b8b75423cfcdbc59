# SPDX-License-Identifier: EUPL-1.2
"""Opinion mapping: the Pol.is method recovers planted groups; votes recompute the
map through the background task; the page draws it as SVG without script."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from balai.accounts.tests.factories import UserFactory
from balai.core.errors import BalaiError
from balai.participation import opinion_math
from balai.participation.models import OpinionMap, StatementVote
from balai.participation.services import opinion as services
from balai.participation.tests.consultation_factories import officer, open_consultation


@pytest.mark.parametrize("groups", [2, 3])
def test_clustering_recovers_planted_groups(groups):
    """Two or three opinion groups are found with their members (the 2-D PCA of
    the method blurs four or more random groups; see docs/participation.md)."""
    votes, truth = opinion_math.planted_votes(
        participants=600, statements=30, groups=groups, seed=groups
    )
    result = opinion_math.compute(votes, seed=1)
    assert result is not None
    assert result.k == groups
    assert adjusted_rand_score(truth[result.kept], result.labels) > 0.9


def test_consensus_is_what_every_group_agrees_with():
    votes, _truth = opinion_math.planted_votes(
        participants=400, statements=12, groups=3, seed=7, noise=0.05
    )
    votes[:, 5] = 1  # everybody agrees with statement 5
    votes[:, 6] = -1  # nobody does with statement 6
    result = opinion_math.compute(votes)
    assert result is not None
    consensus = [column for column, _share in result.consensus]
    assert 5 in consensus and 6 not in consensus
    for group in result.groups:
        assert 5 in [column for column, _share in group.agrees_with]


def test_too_few_participants_give_no_map():
    assert opinion_math.compute(np.ones((3, 5))) is None
    assert opinion_math.compute(np.zeros((50, 5))) is None  # nobody voted enough
    assert opinion_math.compute(np.ones((10, 1))) is None


@pytest.mark.django_db
def test_votes_recompute_the_map_in_the_background(
    django_capture_on_commit_callbacks,
):
    staff = officer()
    consultation = open_consultation(staff)
    statements = [
        services.statement_add(actor=staff, consultation=consultation, text=f"S{i}")
        for i in range(6)
    ]
    citizens = [UserFactory() for _ in range(12)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for index, citizen in enumerate(citizens):
            lean = 1 if index % 2 else -1
            for column, statement in enumerate(statements):
                value = lean if column < 3 else -lean
                services.statement_vote(actor=citizen, statement=statement, value=value)
    assert callbacks  # the refresh task was enqueued after commit
    current = OpinionMap.objects.get(consultation=consultation)
    assert current.votes_seen == 72
    assert current.participants == 12
    assert current.groups == 2
    assert len(current.result["points"]) == 12
    assert "user" not in str(current.result)
    # a changed vote replaces the first
    services.statement_vote(actor=citizens[0], statement=statements[0], value=0)
    assert StatementVote.objects.filter(user=citizens[0]).count() == 6


@pytest.mark.django_db
def test_votes_recorded_in_bulk_leave_the_map_to_the_caller(
    django_capture_on_commit_callbacks,
):
    staff = officer()
    consultation = open_consultation(staff)
    statement = services.statement_add(actor=staff, consultation=consultation, text="S")
    citizen = UserFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        vote = services.statement_vote(
            actor=citizen, statement=statement, value=1, refresh=False
        )
    assert not callbacks  # nothing enqueued: the caller computes the map once
    assert vote.value == 1 and StatementVote.objects.filter(user=citizen).count() == 1
    with pytest.raises(BalaiError):  # the same checks as any vote
        services.statement_vote(
            actor=citizen, statement=statement, value=5, refresh=False
        )


@pytest.mark.django_db
def test_bad_votes_and_statements_are_refused():
    staff = officer()
    consultation = open_consultation(staff)
    statement = services.statement_add(actor=staff, consultation=consultation, text="S")
    with pytest.raises(BalaiError):
        services.statement_vote(actor=UserFactory(), statement=statement, value=5)
    with pytest.raises(BalaiError):
        services.statement_add(actor=UserFactory(), consultation=consultation, text=" ")


@pytest.mark.django_db
def test_opinion_page_draws_an_svg_chart(client):
    staff = officer()
    consultation = open_consultation(staff)
    statements = [
        services.statement_add(actor=staff, consultation=consultation, text=f"S{i}")
        for i in range(4)
    ]
    for index in range(10):
        citizen = UserFactory()
        for column, statement in enumerate(statements):
            value = 1 if (index % 2) == (column % 2) else -1
            services.statement_vote(actor=citizen, statement=statement, value=value)
    services.opinion_map_compute(consultation=consultation)
    response = client.get(f"/partisipasi/konsultasi/{consultation.pk}/opini/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and html.count("<circle") == 10
    assert "<script" not in html.split("<main", 1)[-1].split("</main>", 1)[0]
    assert "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
