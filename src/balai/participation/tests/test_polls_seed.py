# SPDX-License-Identifier: EUPL-1.2
"""The demo polls: an open one the demo's citizens may vote in, a closed one with
results cast through the secret-ballot write; a second run adds nothing."""

from __future__ import annotations

import pytest

from balai.core.seeding import make_context, seeders
from balai.participation import poll_selectors as selectors
from balai.participation.models import Ballot, PendingBallot, Poll, PollParticipation
from balai.participation.seed_polls import CLOSED_TITLE, OPEN_TITLE, seed_polls
from balai.participation.tests.poll_factories import citizen, poll_agency
from balai.registry.tests.factories import register_officer

pytestmark = pytest.mark.django_db


def test_the_seeder_is_registered():
    assert "participation-polls" in [name for name, _fn in seeders()]


def test_demo_polls_open_and_closed_with_results(
    sample_regions, django_capture_on_commit_callbacks
):
    poll_agency()
    officer = register_officer()
    for _ in range(12):
        citizen(actor=officer)
    context = make_context(residents=0, seed=7, write=lambda _text: None)
    with django_capture_on_commit_callbacks(execute=True):
        seed_polls(context)
    open_poll = Poll.objects.get(title=OPEN_TITLE)
    closed = Poll.objects.get(title=CLOSED_TITLE)
    assert open_poll.is_accepting_votes() and open_poll.region_id == "32.73"
    assert closed.status == Poll.Status.CLOSED and closed.results_visible()
    results = selectors.poll_results(closed)
    assert results.ballots == PollParticipation.objects.filter(poll=closed).count() > 0
    assert not PendingBallot.objects.exists()
    assert Ballot.objects.filter(poll=closed).count() == results.ballots
    seed_polls(context)
    assert Poll.objects.count() == 2
    assert PollParticipation.objects.filter(poll=closed).count() == results.ballots
