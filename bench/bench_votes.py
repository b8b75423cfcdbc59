# SPDX-License-Identifier: EUPL-1.2
"""Secret-ballot votes per second with 16 concurrent voters on PostgreSQL.

Each voter is its own process (its own connection) and casts ballots in a loop for a
fixed time, each as a different register resident: the eligibility row (unique per
poll and keyed voter), the pending ballot, the audit entry — one transaction — and,
after the commit, the mixer's attempt to move a shuffled batch of pending ballots into
the counted ones (``skip_locked``: concurrent mixers never wait on each other). The
register lookup of ``poll_vote`` (NIK blind index + birth date) is left out: the
residents are synthetic ids, so the figure is the secret-ballot write itself.

A second row repeats the run with every voter re-using one resident after its first
ballot — the unique constraint refusing the repeats (the "already voted" path).
At the end every pending ballot is mixed and the count must equal the eligibility rows.

Needs PostgreSQL: the server of ``BALAI_BENCH_PG_URL`` (default
postgres://postgres@127.0.0.1:5432/balai_perf_bench), database ``<its name>_votes``
(dropped and recreated). Without a reachable server the module reports nothing and
says so.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import tempfile
import time
import urllib.parse

import serving

TIMEOUT_SECONDS = 600
VOTERS = int(os.environ.get("BALAI_BENCH_VOTERS", "16"))
SECONDS = float(os.environ.get("BALAI_BENCH_VOTE_SECONDS", "8"))
_SERVER = urllib.parse.urlsplit(
    os.environ.get(
        "BALAI_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/balai_perf_bench"
    )
)
_NAME = (_SERVER.path.strip("/") or "balai_perf_bench") + "_votes"
PG_URL = urllib.parse.urlunsplit(_SERVER._replace(path="/" + _NAME))


def _environment(var_dir: str) -> dict[str, str]:
    return {
        "BALAI_VAR_DIR": var_dir,
        "BALAI_ENV": "test",
        "BALAI_DATABASE_URL": PG_URL,
        "BALAI_KEYRING_FILE": os.path.join(var_dir, "keyring.json"),
        "BALAI_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "balai.settings",
    }


def _recreate_database() -> None:

    with serving.pg_maintenance(PG_URL) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{_NAME}"')


def _voter(
    var_dir: str, poll_id: str, repeat: bool, barrier: object, results: object
) -> None:
    os.environ.update(_environment(var_dir))
    import django

    django.setup()
    import uuid
    from types import SimpleNamespace

    from balai.core.errors import Conflict
    from balai.participation.models import Poll
    from balai.participation.services.polls import cast_ballot

    poll = Poll.objects.get(pk=poll_id)
    options = [str(pk) for pk in poll.options.values_list("pk", flat=True)]
    same = SimpleNamespace(pk=uuid.uuid4(), village_id="32.73.01.1001")

    def vote(number: int) -> None:
        resident = (
            same
            if repeat
            else SimpleNamespace(pk=uuid.uuid4(), village_id="32.73.01.1001")
        )
        try:
            cast_ballot(poll=poll, resident=resident, option_ids=[options[number % 3]])
        except Conflict:
            if not repeat:
                raise

    vote(0)
    barrier.wait(timeout=120)  # type: ignore[attr-defined]
    count, deadline = 0, time.perf_counter() + SECONDS
    while time.perf_counter() < deadline:
        vote(count)
        count += 1
    results.put(count)  # type: ignore[attr-defined]


def _measure(var_dir: str, poll_id: str, repeat: bool) -> float:
    from django.db import connections

    connections.close_all()  # each forked voter opens its own connection
    # fork: the voters inherit the set-up Django (spawning 16 interpreters that each
    # import it costs minutes on a small machine and measures nothing)
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(VOTERS + 1)
    results = context.Queue()
    workers = [
        context.Process(
            target=_voter, args=(var_dir, poll_id, repeat, barrier, results)
        )
        for _ in range(VOTERS)
    ]
    for worker in workers:
        worker.start()
    barrier.wait(timeout=300)
    started = time.perf_counter()
    counts = [results.get(timeout=SECONDS + 300) for _ in workers]
    elapsed = time.perf_counter() - started
    for worker in workers:
        worker.join(timeout=60)
    return float(sum(counts)) / elapsed


def run() -> list[dict[str, object]]:
    try:
        _recreate_database()
    except Exception as exc:  # no server: say so instead of failing the whole run
        print(
            f"bench_votes: PostgreSQL not reachable ({exc}); skipped", file=sys.stderr
        )
        return []
    with tempfile.TemporaryDirectory(prefix="balai-bench-votes-") as var_dir:
        os.environ.update(_environment(var_dir))
        import datetime as dt

        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0, interactive=False)
        from django.db import connections
        from django.utils import timezone

        from balai.accounts.models import Agency, GovernmentUnit
        from balai.participation.models import (
            Ballot,
            PendingBallot,
            Poll,
            PollOption,
            PollParticipation,
        )
        from balai.participation.services.polls import ballots_mix
        from balai.security.crypto.keyring import keyring

        keyring()  # the throwaway keyring, once, before the voters start
        unit = GovernmentUnit.objects.create(name="Pemerintah Kota Bench", level="city")
        agency = Agency.objects.create(
            unit=unit, code="bench", name="Bench", short_name="Bench", kind="dinas"
        )
        now = timezone.now()
        polls = []
        for title in ("distinct voters", "repeat voters"):
            poll = Poll.objects.create(
                agency=agency,
                title=title,
                status=Poll.Status.OPEN,
                opens_at=now - dt.timedelta(hours=1),
                closes_at=now + dt.timedelta(days=1),
            )
            for position, label in enumerate(("A", "B", "C")):
                PollOption.objects.create(poll=poll, label=label, position=position)
            polls.append(poll)
        connections.close_all()
        rows = []
        rate = _measure(var_dir, str(polls[0].pk), repeat=False)
        rows.append(
            {
                "name": f"secret-ballot votes ({VOTERS} concurrent voters, PG)",
                "value": rate,
                "unit": "votes/s",
            }
        )
        print(f"{rows[-1]['name']}: {rate:.1f} votes/s", file=sys.stderr)
        refused = _measure(var_dir, str(polls[1].pk), repeat=True)
        rows.append(
            {
                "name": f"second votes refused by the constraint ({VOTERS} voters, PG)",
                "value": refused,
                "unit": "refusals/s",
                "ratio": refused / rate,
            }
        )
        ballots_mix(poll_id=polls[0].pk, force=True)
        participations = PollParticipation.objects.filter(poll=polls[0]).count()
        counted = Ballot.objects.filter(poll=polls[0]).count()
        if PendingBallot.objects.filter(poll=polls[0]).exists():
            raise RuntimeError("pending ballots left after the final mix")
        if counted != participations:
            raise RuntimeError(f"{counted} ballots for {participations} voters")
        if PollParticipation.objects.filter(poll=polls[1]).count() != VOTERS:
            raise RuntimeError("a repeat voter was counted twice")
        rows.append(
            {"name": "ballots counted and checked", "value": counted, "unit": "ballots"}
        )
        connections.close_all()
    return rows
