# SPDX-License-Identifier: EUPL-1.2
"""Polls: eligibility, one vote per person, the kinds of ballot, results with
small-count suppression, receipts, and the secrecy of the ballot."""

from __future__ import annotations

import datetime as dt
import json

from django.apps import apps
from django.core import serializers
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

import pytest

from balai.core.errors import BalaiError, Conflict
from balai.participation import poll_selectors as selectors
from balai.participation.models import (
    Ballot,
    PendingBallot,
    Poll,
    PollParticipation,
)
from balai.participation.services import polls as services
from balai.participation.tests.poll_factories import (
    citizen,
    make_poll,
    option_ids,
    poll_officer,
)
from balai.registry.tests.factories import register_officer
from balai.security.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def registrar(sample_regions):
    return register_officer()


def _vote(user, poll, *choices):
    return services.poll_vote(voter=user, poll=poll, option_ids=list(choices))


# --- eligibility ---------------------------------------------------------------------


def test_a_verified_citizen_votes_and_gets_a_receipt(registrar):
    poll = make_poll()
    voter = citizen(actor=registrar)
    receipt = _vote(voter, poll, option_ids(poll)[0])
    assert len(services.normalise_receipt(receipt.code)) == 16
    assert PollParticipation.objects.filter(poll=poll).count() == 1
    assert selectors.receipt_check(receipt.code).found
    assert selectors.receipt_check(receipt.code.lower().replace("-", " ")).found
    assert not selectors.receipt_check("AAAA-BBBB-CCCC-DDDD").found


def test_an_account_without_a_matching_register_record_may_not_vote(registrar):
    from balai.accounts.tests.factories import UserFactory

    poll = make_poll()
    stranger = UserFactory()  # NIK typed at sign-up, not in the register
    with pytest.raises(BalaiError) as caught:
        _vote(stranger, poll, option_ids(poll)[0])
    assert caught.value.code == services.PollErrorCode.NOT_VERIFIED
    assert not PollParticipation.objects.exists()


def test_staff_do_not_vote(registrar):
    poll = make_poll()
    with pytest.raises(PermissionDenied):
        _vote(poll_officer(), poll, option_ids(poll)[0])


def test_eligibility_by_age(registrar):
    today = timezone.localdate()
    poll = make_poll(min_age=17, max_age=30)
    young = citizen(actor=registrar, birth_date=today.replace(year=today.year - 16))
    old = citizen(actor=registrar, birth_date=dt.date(1950, 1, 1))
    adult = citizen(actor=registrar, birth_date=dt.date(today.year - 20, 1, 1))
    for person in (young, old):
        with pytest.raises(BalaiError) as caught:
            _vote(person, poll, option_ids(poll)[0])
        assert caught.value.code == services.PollErrorCode.NOT_ELIGIBLE_AGE
    _vote(adult, poll, option_ids(poll)[0])


def test_age_boundary_is_the_birthday():
    birth = dt.date(2008, 6, 15)
    assert services._age_on(birth, dt.date(2025, 6, 14)) == 16
    assert services._age_on(birth, dt.date(2025, 6, 15)) == 17


@pytest.mark.parametrize(
    ("region", "allowed"),
    [
        ("32.73", True),  # the regency/city
        ("32.73.01", True),  # the district
        ("32.73.01.1001", True),  # the village itself
        ("32.73.01.1002", False),  # a neighbouring village
        ("32.04", False),  # another regency
    ],
)
def test_eligibility_by_region_of_residence(registrar, region, allowed):
    poll = make_poll(region_id=region)
    voter = citizen(actor=registrar)  # lives in 32.73.01.1001
    if allowed:
        _vote(voter, poll, option_ids(poll)[0])
    else:
        with pytest.raises(BalaiError) as caught:
            _vote(voter, poll, option_ids(poll)[0])
        assert caught.value.code == services.PollErrorCode.NOT_ELIGIBLE_REGION


def test_closed_draft_and_not_yet_open_polls_refuse_votes(registrar):
    voter = citizen(actor=registrar)
    now = timezone.now()
    for poll in (
        make_poll(status=Poll.Status.CLOSED),
        make_poll(status=Poll.Status.DRAFT),
        make_poll(opens_at=now + dt.timedelta(hours=1)),
        make_poll(
            opens_at=now - dt.timedelta(days=2), closes_at=now - dt.timedelta(days=1)
        ),
    ):
        with pytest.raises(BalaiError) as caught:
            _vote(voter, poll, option_ids(poll)[0])
        assert caught.value.code == services.PollErrorCode.NOT_OPEN


# --- one vote per person, kinds of ballot --------------------------------------------


def test_one_vote_per_person(registrar):
    poll = make_poll()
    voter = citizen(actor=registrar)
    _vote(voter, poll, option_ids(poll)[0])
    with pytest.raises(Conflict) as caught:
        _vote(voter, poll, option_ids(poll)[1])
    assert caught.value.code == services.PollErrorCode.ALREADY_VOTED
    assert selectors.poll_results(poll).ballots == 1
    # the database itself refuses a second eligibility row
    key = PollParticipation.objects.get(poll=poll).voter_key
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        PollParticipation.objects.create(poll=poll, voter_key=key)


def test_the_same_person_votes_in_another_poll_under_another_key(registrar):
    first, second = make_poll(), make_poll()
    voter = citizen(actor=registrar)
    _vote(voter, first, option_ids(first)[0])
    _vote(voter, second, option_ids(second)[0])
    keys = set(PollParticipation.objects.values_list("voter_key", flat=True))
    assert len(keys) == 2  # no key follows a person from poll to poll


@pytest.mark.parametrize(
    "choose",
    [
        lambda ids: [],
        lambda ids: ["not-an-option"],
        lambda ids: [ids[0], ids[1]],  # two in a single-choice poll
        lambda ids: [ids[0], ids[0]],
    ],
)
def test_bad_choices_are_refused_without_a_trace(registrar, choose):
    poll = make_poll()
    voter = citizen(actor=registrar)
    with pytest.raises(BalaiError) as caught:
        _vote(voter, poll, *choose(option_ids(poll)))
    assert caught.value.code == services.PollErrorCode.INVALID_CHOICE
    assert not PollParticipation.objects.exists()
    assert not PendingBallot.objects.exists()


def test_multiple_choice_up_to_the_maximum(registrar):
    poll = make_poll(kind=Poll.Kind.MULTIPLE, max_choices=2, options=("A", "B", "C"))
    ids = option_ids(poll)
    with pytest.raises(BalaiError):
        _vote(citizen(actor=registrar), poll, *ids)
    _vote(citizen(actor=registrar), poll, ids[0], ids[2])
    results = selectors.poll_results(poll)
    assert [row.votes for row in results.options] == [1, 0, 1]


def test_ranked_choice_counts_first_preferences_and_borda_points(registrar):
    poll = make_poll(kind=Poll.Kind.RANKED, options=("A", "B", "C"))
    a, b, c = option_ids(poll)
    with pytest.raises(BalaiError):  # every option must be ranked
        _vote(citizen(actor=registrar), poll, a, b)
    _vote(citizen(actor=registrar), poll, a, b, c)
    _vote(citizen(actor=registrar), poll, b, a, c)
    _vote(citizen(actor=registrar), poll, b, c, a)
    results = selectors.poll_results(poll)
    assert [row.votes for row in results.options] == [1, 2, 0]
    assert [row.points for row in results.options] == [2 + 1 + 0, 1 + 2 + 2, 0 + 0 + 1]
    assert results.winner is not None and results.winner.option.label == "B"


# --- results -------------------------------------------------------------------------


def test_results_are_hidden_until_closing_unless_live():
    now = timezone.now()
    assert not make_poll().results_visible()
    assert make_poll(results_live=True).results_visible()
    assert make_poll(status=Poll.Status.CLOSED).results_visible()
    past = make_poll(
        opens_at=now - dt.timedelta(days=2), closes_at=now - dt.timedelta(hours=1)
    )
    assert past.results_visible()
    assert not make_poll(status=Poll.Status.DRAFT, results_live=True).results_visible()


def test_small_counts_are_suppressed_in_the_breakdown_by_region(registrar, settings):
    settings.STATS_MIN_CELL = 3
    poll = make_poll(breakdown=Poll.Breakdown.DISTRICT)
    ya, tidak, _ragu = option_ids(poll)
    for _ in range(4):
        _vote(citizen(actor=registrar), poll, ya)
    _vote(citizen(actor=registrar), poll, tidak)
    results = selectors.poll_results(poll)
    assert results.ballots == 5
    [row] = results.regions
    assert row.code == "32.73.01"
    assert row.cells == [4, None, 0]  # 1 vote for "Tidak" is "< 3"
    assert row.total is None  # else the hidden cell is total minus the others
    # national totals are not broken down and stay exact
    assert [r.votes for r in results.options] == [4, 1, 0]


def test_no_breakdown_when_the_poll_says_so(registrar):
    poll = make_poll(breakdown=Poll.Breakdown.NONE)
    _vote(citizen(actor=registrar), poll, option_ids(poll)[0])
    assert selectors.poll_results(poll).regions == []
    assert (
        Ballot.objects.filter(region_code="").count()
        + PendingBallot.objects.filter(region_code="").count()
        == 1
    )


# --- officers ------------------------------------------------------------------------


def _data(**overrides):
    now = timezone.now()
    values = {
        "title": "Taman kota",
        "description": "",
        "kind": Poll.Kind.SINGLE,
        "options": ["Setuju", "Tidak setuju"],
        "opens_at": now,
        "closes_at": now + dt.timedelta(days=7),
    }
    values.update(overrides)
    return services.PollData(**values)


def test_an_officer_creates_opens_and_closes_a_poll(registrar):
    officer = poll_officer()
    poll = services.poll_create(actor=officer, data=_data(region_code="3273"))
    assert poll.status == Poll.Status.DRAFT and poll.region_id == "32.73"
    assert poll.options.count() == 2
    services.poll_open(actor=officer, poll=poll)
    voter = citizen(actor=registrar)
    _vote(voter, Poll.objects.get(pk=poll.pk), option_ids(poll)[0])
    closed = services.poll_close(actor=officer, poll=poll)
    assert closed.status == Poll.Status.CLOSED and closed.results_visible()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"poll.create", "poll.open", "poll.close", "poll.vote"} <= actions


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"options": ["Satu"]}, "options"),
        ({"options": ["Sama", "Sama"]}, "options"),
        ({"kind": "nope"}, "kind"),
        ({"min_age": 40, "max_age": 20}, "max_age"),
        ({"region_code": "99.99"}, "region_code"),
        ({"kind": Poll.Kind.MULTIPLE, "max_choices": 5}, "max_choices"),
    ],
)
def test_bad_poll_definitions_are_refused(sample_regions, overrides, field):
    with pytest.raises(BalaiError) as caught:
        services.poll_create(actor=poll_officer(), data=_data(**overrides))
    assert field in caught.value.field_errors


def test_closing_before_opening_is_refused(sample_regions):
    now = timezone.now()
    with pytest.raises(BalaiError):
        services.poll_create(
            actor=poll_officer(), data=_data(opens_at=now, closes_at=now)
        )


def test_citizens_and_other_agencies_cannot_manage_polls(registrar):
    from balai.accounts.tests.factories import AgencyFactory, StaffFactory
    from balai.registry.tests.factories import verified

    with pytest.raises(PermissionDenied):
        services.poll_create(actor=citizen(actor=registrar), data=_data())
    poll = make_poll(status=Poll.Status.DRAFT)
    elsewhere = verified(StaffFactory(agency=AgencyFactory()))
    with pytest.raises(PermissionDenied):
        services.poll_open(actor=elsewhere, poll=poll)
    unverified = StaffFactory(agency=poll.agency)  # no second factor this session
    with pytest.raises(PermissionDenied):
        services.poll_close(actor=unverified, poll=poll)


def test_only_drafts_open_and_only_open_polls_close(sample_regions):
    officer = poll_officer()
    with pytest.raises(BalaiError):
        services.poll_open(actor=officer, poll=make_poll())
    with pytest.raises(BalaiError):
        services.poll_close(actor=officer, poll=make_poll(status=Poll.Status.DRAFT))


# --- mixing --------------------------------------------------------------------------


def test_pending_ballots_are_mixed_in_shuffled_batches_under_new_ids(registrar):
    poll = make_poll()
    ids = option_ids(poll)
    receipts = [_vote(citizen(actor=registrar), poll, ids[n % 3]) for n in range(5)]
    pending_ids = set(PendingBallot.objects.values_list("id", flat=True))
    assert services.ballots_mix(poll_id=poll.pk) == 0  # fewer than a batch: wait
    assert services.ballots_mix(poll_id=poll.pk, batch=5) == 5
    assert not PendingBallot.objects.exists()
    assert Ballot.objects.filter(poll=poll).count() == 5
    assert not pending_ids & set(Ballot.objects.values_list("id", flat=True))
    assert all(selectors.receipt_check(r.code).found for r in receipts)
    assert selectors.poll_results(poll).ballots == 5


def test_closing_mixes_every_pending_ballot(
    registrar, django_capture_on_commit_callbacks
):
    officer = poll_officer()
    poll = make_poll()
    _vote(citizen(actor=registrar), poll, option_ids(poll)[0])
    with django_capture_on_commit_callbacks(execute=True):
        services.poll_close(actor=officer, poll=poll)
    assert not PendingBallot.objects.exists()
    assert Ballot.objects.filter(poll=poll).count() == 1


# --- secrecy -------------------------------------------------------------------------


def _dump(*models) -> list[dict]:
    return json.loads(
        serializers.serialize("json", [o for m in models for o in m.objects.all()])
    )


def test_no_join_path_from_voter_to_choice(
    registrar, django_capture_on_commit_callbacks
):
    """Given the whole database, a voter's choice cannot be recovered.

    Ten citizens vote (each choice distinct enough to be telling). Then, reading every
    row of every table: the eligibility rows and the ballots share no column value
    (keys, timestamps, hashes), ballots carry no timestamp and no reference to any
    person, the audit log never names a ballot, a receipt or an option, and the
    counted ballots' order (by primary key) does not follow the voting order.
    """
    poll = make_poll(options=tuple(f"Pilihan {n}" for n in range(10)))
    ids = option_ids(poll)
    voters = [citizen(actor=registrar) for _ in range(10)]
    with django_capture_on_commit_callbacks(execute=True):
        receipts = [_vote(v, poll, ids[n]) for n, v in enumerate(voters)]
    assert not PendingBallot.objects.exists()  # the batch of 10 was mixed

    # 1. the ballot table's columns: nothing that points at a person or a moment
    ballot_fields = {f.name for f in Ballot._meta.get_fields()}
    assert ballot_fields == {"id", "poll", "marks", "region_code", "receipt_hash"}
    participation_fields = {f.name for f in PollParticipation._meta.get_fields()}
    assert participation_fields == {"id", "poll", "voter_key"}
    for model in (Ballot, PendingBallot, PollParticipation):
        for field in model._meta.get_fields():
            assert not isinstance(field, (type(Poll._meta.get_field("opens_at")),))
            related = getattr(field, "related_model", None)
            assert related in (None, Poll), (model, field.name)
    # no other model points at ballots or participations either
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if getattr(field, "related_model", None) in (
                Ballot,
                PendingBallot,
                PollParticipation,
            ):
                assert field.model in (Ballot, PendingBallot, PollParticipation) or (
                    getattr(field, "auto_created", False)
                ), (model, field.name)

    # 2. no shared value between eligibility rows and ballots except the poll
    ballots = _dump(Ballot)
    participations = _dump(PollParticipation)
    ballot_values = {
        str(v) for b in ballots for k, v in b["fields"].items() if k != "poll"
    } | {b["pk"] for b in ballots}
    participation_values = {
        str(v) for p in participations for k, v in p["fields"].items() if k != "poll"
    } | {p["pk"] for p in participations}
    assert not ballot_values & participation_values

    # 3. the audit log: the vote is there, its content is not
    ballot_ids = {b["pk"] for b in ballots}
    hashes = {b["fields"]["receipt_hash"] for b in ballots}
    secrets = ballot_ids | hashes | set(ids) | {r.code for r in receipts}
    entries = list(AuditEntry.objects.filter(action="poll.vote").values())
    assert len(entries) == 10
    for entry in entries:
        text = json.dumps(entry, default=str)
        assert not any(secret in text for secret in secrets)
        assert str(entry["object_id"]) == str(poll.pk)

    # 4. order: neither the ballots' key order nor (on PostgreSQL) their physical
    # order follows the order of the votes — with 10! orders a match is chance
    voted_order = ids  # voter n chose option n
    by_key = [b["fields"]["marks"][0] for b in sorted(ballots, key=lambda b: b["pk"])]
    participation_by_key = sorted(participations, key=lambda p: p["pk"])
    assert len(participation_by_key) == 10
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT marks, xmin::text FROM participation_ballot ORDER BY ctid"
            )
            rows = cursor.fetchall()
            cursor.execute("SELECT xmin::text FROM participation_pollparticipation")
            participation_xmins = {row[0] for row in cursor.fetchall()}
        physical = [json.loads(m)[0] if isinstance(m, str) else m[0] for m, _x in rows]
        # all ballots share the mixer's transaction, none a voter's
        assert len({x for _m, x in rows}) == 1
        assert not {x for _m, x in rows} & participation_xmins
        assert sorted(physical) == sorted(voted_order)
    assert sorted(by_key) == sorted(voted_order)


def test_the_shuffle_really_permutes(registrar, django_capture_on_commit_callbacks):
    """Across a few mixes, the counted order differs from the voting order (a fixed
    order would leak it)."""
    orders = set()
    for _round in range(3):
        poll = make_poll(options=tuple(f"P{n}" for n in range(10)))
        ids = option_ids(poll)
        for n in range(10):
            _vote(citizen(actor=registrar), poll, ids[n])
        services.ballots_mix(poll_id=poll.pk, force=True)
        pg = connection.vendor == "postgresql"
        # the physical order: PostgreSQL's ctid, SQLite's rowid (insertion order)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT marks FROM participation_ballot WHERE poll_id = %s "
                f"ORDER BY {'ctid' if pg else 'rowid'}",
                [poll.pk if pg else poll.pk.hex],
            )
            marks = [row[0] for row in cursor.fetchall()]
        assert len(marks) == 10
        first = [(json.loads(m) if isinstance(m, str) else m)[0] for m in marks]
        orders.add(tuple(ids.index(choice) for choice in first))
    assert orders != {tuple(range(10))}
