# SPDX-License-Identifier: EUPL-1.2
"""One vote per person under concurrency, on PostgreSQL.

Sixteen threads (sixteen connections) cast the same citizen's vote at once: exactly
one succeeds, the others get "already voted", and exactly one eligibility row and one
ballot exist. Meanwhile other citizens vote concurrently and every ballot is counted.

SQLite is skipped: it serialises every write on one database lock, so it cannot show
a race the unique constraint has to win; the constraint itself is tested there in
``test_polls.py::test_one_vote_per_person``.
"""

from __future__ import annotations

import threading

from django.db import connection, connections

import pytest

from balai.core.errors import Conflict
from balai.participation import poll_selectors as selectors
from balai.participation.models import Ballot, PendingBallot, PollParticipation
from balai.participation.services import polls as services
from balai.participation.tests.poll_factories import citizen, make_poll, option_ids
from balai.registry.tests.factories import register_officer

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises all writes, so no race happens",
    ),
]
THREADS = 16


def _run_together(jobs):
    barrier = threading.Barrier(len(jobs))
    outcomes: list = [None] * len(jobs)

    def work(index, job):
        try:
            barrier.wait(timeout=30)
            outcomes[index] = job()
        except Exception as exc:
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=work, args=(i, job)) for i, job in enumerate(jobs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_the_same_person_voting_sixteen_times_at_once_is_counted_once(sample_regions):
    poll = make_poll()
    voter = citizen(actor=register_officer())
    first = option_ids(poll)[0]
    outcomes = _run_together(
        [
            lambda: services.poll_vote(voter=voter, poll=poll, option_ids=[first])
            for _ in range(THREADS)
        ]
    )
    receipts = [o for o in outcomes if isinstance(o, services.VoteReceipt)]
    refused = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(receipts) == 1, outcomes
    assert len(refused) == THREADS - 1, outcomes
    assert PollParticipation.objects.filter(poll=poll).count() == 1
    assert Ballot.objects.count() + PendingBallot.objects.count() == 1


def test_concurrent_voters_are_all_counted_and_mixed(sample_regions):
    poll = make_poll()
    officer = register_officer()
    voters = [citizen(actor=officer) for _ in range(THREADS)]
    ids = option_ids(poll)
    outcomes = _run_together(
        [
            (
                lambda v=v, n=n: services.poll_vote(
                    voter=v, poll=poll, option_ids=[ids[n % 3]]
                )
            )
            for n, v in enumerate(voters)
        ]
    )
    assert all(isinstance(o, services.VoteReceipt) for o in outcomes), outcomes
    services.ballots_mix(poll_id=poll.pk, force=True)
    assert PollParticipation.objects.filter(poll=poll).count() == THREADS
    assert not PendingBallot.objects.exists()
    assert selectors.poll_results(poll).ballots == THREADS
    assert all(selectors.receipt_check(o.code).found for o in outcomes)
