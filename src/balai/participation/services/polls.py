# SPDX-License-Identifier: EUPL-1.2
"""Every write on polls: create, open, close, vote, and the ballot mixer.

The secrecy design (see ``models/polls.py`` and docs/participation.md) lives here:

* ``poll_vote`` finds the voter's own register record (``resident_for_citizen``: the
  account's NIK *and* birth date match the register), checks the poll's rules, then in
  one transaction inserts the eligibility row (unique per poll and voter key — a second
  vote fails on the constraint, also under concurrency) and a *pending* ballot holding
  only the marks, the coarse region and the receipt's hash. The audit entry names the
  voter and the poll, never the choice, the ballot or the receipt.
* ``ballots_mix`` moves pending ballots into ``Ballot`` in shuffled batches of at least
  ``MIX_BATCH`` (all of them when the poll closes) under fresh random ids, in a
  transaction of its own, so neither row order nor transaction ids join a ballot to the
  participation row written with it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import random
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError, Conflict
from balai.participation import poll_policies as policies
from balai.participation.models import (
    Ballot,
    PendingBallot,
    Poll,
    PollOption,
    PollParticipation,
)
from balai.regions import selectors as regions
from balai.registry import selectors as register
from balai.security import audit
from balai.security.crypto.blind import blind_index

logger = logging.getLogger(__name__)

# Smallest shuffled batch moved from the pool into the counted ballots (while open).
MIX_BATCH = 10
# Unambiguous upper-case letters and digits (no 0/O, 1/I/L): 32 symbols, 5 bits each.
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECEIPT_GROUPS = 4  # 4 groups of 4 symbols from 31: 79 random bits


class PollErrorCode:
    INVALID = "poll_invalid"
    NOT_OPEN = "poll_not_open"
    NOT_VERIFIED = "poll_not_verified"
    NOT_ELIGIBLE_AGE = "poll_not_eligible_age"
    NOT_ELIGIBLE_REGION = "poll_not_eligible_region"
    INVALID_CHOICE = "poll_invalid_choice"
    ALREADY_VOTED = "poll_already_voted"
    BAD_TRANSITION = "poll_bad_transition"


@dataclass(frozen=True)
class VoteReceipt:
    """What the voter gets back, once: the code to check the ballot with."""

    poll: Poll
    code: str


def normalise_receipt(code: str) -> str:
    """Upper case, no spaces or dashes: how codes are hashed and compared."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def receipt_hash(code: str) -> str:
    """Plain SHA-256 of the normalised code: anyone holding the code can compute it;
    80 random bits make guessing codes from hashes hopeless."""
    return hashlib.sha256(normalise_receipt(code).encode("ascii", "ignore")).hexdigest()


def new_receipt_code() -> str:
    symbols = "".join(
        secrets.choice(RECEIPT_ALPHABET) for _ in range(4 * RECEIPT_GROUPS)
    )
    return "-".join(symbols[i : i + 4] for i in range(0, len(symbols), 4))


def voter_key(poll: Poll, resident_id: Any) -> str:
    """A keyed hash (HMAC with the index key) of the poll and the resident: stable, so
    the unique constraint stops a second vote, but different in every poll and not
    computable from a database dump without the keyring."""
    key = blind_index(str(resident_id), context=f"participation.poll.{poll.pk}")
    assert key is not None
    return key


def _age_on(birth_date: dt.date, day: dt.date) -> int:
    return (
        day.year
        - birth_date.year
        - ((day.month, day.day) < (birth_date.month, birth_date.day))
    )


def region_at_level(village_code: str | None, level: int) -> str:
    """The dotted code of the voter's province/regency/district (level 1–3)."""
    if not village_code or level <= 0:
        return ""
    return ".".join(village_code.split(".")[:level])


def voter_resident(user: Any) -> Any:
    """The citizen's own register record, or a refusal saying why not."""
    resident = register.resident_for_citizen(user)
    if resident is None or not resident.is_alive:
        raise BalaiError(
            _(
                "Only citizens whose account NIK and date of birth match the "
                "population register may vote in this poll."
            ),
            code=PollErrorCode.NOT_VERIFIED,
        )
    return resident


def check_eligibility(
    *, poll: Poll, resident: Any, today: dt.date | None = None
) -> None:
    """Age and residence rules of the poll for one register record."""
    day = today or timezone.localdate()
    if poll.min_age is not None or poll.max_age is not None:
        age = _age_on(resident.birth_date, day)
        if poll.min_age is not None and age < poll.min_age:
            raise BalaiError(
                _("You must be at least %(age)s years old to vote in this poll.")
                % {"age": poll.min_age},
                code=PollErrorCode.NOT_ELIGIBLE_AGE,
            )
        if poll.max_age is not None and age > poll.max_age:
            raise BalaiError(
                _("This poll is for residents aged %(age)s or younger.")
                % {"age": poll.max_age},
                code=PollErrorCode.NOT_ELIGIBLE_AGE,
            )
    if poll.region_id:
        village = resident.village_id or ""
        if not (village == poll.region_id or village.startswith(poll.region_id + ".")):
            raise BalaiError(
                _("This poll is only for residents of %(region)s.")
                % {"region": poll.region.name if poll.region else poll.region_id},
                code=PollErrorCode.NOT_ELIGIBLE_REGION,
            )


def _marks(poll: Poll, option_ids: Sequence[str]) -> list[str]:
    """The chosen option ids, validated against the poll's kind (order kept)."""
    valid = {str(pk) for pk in poll.options.values_list("pk", flat=True)}
    chosen = [str(value).strip() for value in option_ids if str(value).strip()]
    error = BalaiError(
        _("Choose from the poll's options."),
        code=PollErrorCode.INVALID_CHOICE,
        field_errors={"options": [_("Choose from the poll's options.")]},
    )
    if not chosen or len(set(chosen)) != len(chosen) or not set(chosen) <= valid:
        raise error
    if poll.kind == Poll.Kind.SINGLE and len(chosen) != 1:
        raise BalaiError(
            _("Choose exactly one option."),
            code=PollErrorCode.INVALID_CHOICE,
            field_errors={"options": [_("Choose exactly one option.")]},
        )
    if poll.kind == Poll.Kind.MULTIPLE and len(chosen) > poll.max_choices:
        message = _("Choose at most %(count)s options.") % {"count": poll.max_choices}
        raise BalaiError(
            message,
            code=PollErrorCode.INVALID_CHOICE,
            field_errors={"options": [message]},
        )
    if poll.kind == Poll.Kind.RANKED and len(chosen) != len(valid):
        message = _("Rank every option, from most to least preferred.")
        raise BalaiError(
            message,
            code=PollErrorCode.INVALID_CHOICE,
            field_errors={"options": [message]},
        )
    return chosen


def poll_vote(*, voter: Any, poll: Poll, option_ids: Sequence[str]) -> VoteReceipt:
    """Cast ``voter``'s secret ballot; return the receipt code (shown once)."""
    policies.ensure_can_vote(voter, poll)
    if not poll.is_accepting_votes():
        raise BalaiError(
            _("This poll is not open for voting."), code=PollErrorCode.NOT_OPEN
        )
    resident = voter_resident(voter)
    check_eligibility(poll=poll, resident=resident)
    return cast_ballot(poll=poll, resident=resident, option_ids=option_ids, actor=voter)


def cast_ballot(
    *, poll: Poll, resident: Any, option_ids: Sequence[str], actor: Any = None
) -> VoteReceipt:
    """The secret-ballot write for a resident already found eligible (``poll_vote``
    checks; the demo seed calls this directly for synthetic register residents)."""
    marks = _marks(poll, option_ids)
    code = new_receipt_code()
    try:
        with transaction.atomic():
            PollParticipation.objects.create(
                poll=poll, voter_key=voter_key(poll, resident.pk)
            )
            PendingBallot.objects.create(
                id=uuid.uuid4(),
                poll=poll,
                marks=marks,
                region_code=region_at_level(resident.village_id, poll.breakdown),
                receipt_hash=receipt_hash(code),
            )
            # who took part is recorded; what they chose never is
            audit.record(actor=actor, action="poll.vote", target=poll)
    except IntegrityError as exc:
        raise Conflict(
            _("You have already voted in this poll."),
            code=PollErrorCode.ALREADY_VOTED,
        ) from exc
    poll_id = poll.pk
    transaction.on_commit(lambda: ballots_mix(poll_id=poll_id))
    return VoteReceipt(poll=poll, code=code)


def ballots_mix(*, poll_id: Any, force: bool = False, batch: int | None = None) -> int:
    """Move pending ballots of a poll into the counted ones in one shuffled batch of
    at least ``batch`` (any number with ``force``), under new random ids. Rows other
    mixers hold are skipped (PostgreSQL), so concurrent mixers never block voters."""
    size = MIX_BATCH if batch is None else batch
    with transaction.atomic():
        pending = list(
            PendingBallot.objects.select_for_update(skip_locked=True)
            .filter(poll_id=poll_id)
            .order_by("id")[:5000]
        )
        if not pending or (len(pending) < size and not force):
            return 0
        random.SystemRandom().shuffle(pending)
        Ballot.objects.bulk_create(
            [
                Ballot(
                    id=uuid.uuid4(),
                    poll_id=poll_id,
                    marks=item.marks,
                    region_code=item.region_code,
                    receipt_hash=item.receipt_hash,
                )
                for item in pending
            ]
        )
        PendingBallot.objects.filter(pk__in=[item.pk for item in pending]).delete()
    return len(pending)


@dataclass(frozen=True)
class PollData:
    title: str
    description: str
    kind: str
    options: list[str]
    opens_at: dt.datetime
    closes_at: dt.datetime
    max_choices: int = 1
    results_live: bool = False
    min_age: int | None = None
    max_age: int | None = None
    region_code: str = ""
    breakdown: int = Poll.Breakdown.DISTRICT


def _invalid(message: str, field: str) -> BalaiError:
    return BalaiError(
        message, code=PollErrorCode.INVALID, field_errors={field: [message]}
    )


@transaction.atomic
def poll_create(*, actor: Any, data: PollData, agency_id: Any = None) -> Poll:
    """A draft poll of the officer's agency (or one beneath it) with its options."""
    policies.ensure_can_manage_polls(actor)
    labels = [label.strip() for label in data.options if label and label.strip()]
    if len(labels) < 2:
        raise _invalid(_("Give at least two options."), "options")
    if len(set(labels)) != len(labels):
        raise _invalid(_("Each option must be different."), "options")
    if data.kind not in Poll.Kind.values:
        raise _invalid(_("Choose a valid kind of poll."), "kind")
    if data.closes_at <= data.opens_at:
        raise _invalid(_("The poll must close after it opens."), "closes_at")
    if (
        data.min_age is not None
        and data.max_age is not None
        and data.min_age > data.max_age
    ):
        raise _invalid(_("The minimum age is above the maximum age."), "max_age")
    max_choices = data.max_choices if data.kind == Poll.Kind.MULTIPLE else 1
    if data.kind == Poll.Kind.MULTIPLE and not 1 <= max_choices <= len(labels):
        raise _invalid(
            _(
                "The most options a voter may choose must be between 1 and "
                "the number of options."
            ),
            "max_choices",
        )
    region = None
    if data.region_code:
        region = regions.region_get(data.region_code)
        if region is None:
            raise _invalid(_("There is no region with this code."), "region_code")
    poll = Poll(
        agency_id=agency_id or actor.agency_id,
        created_by=actor,
        title=data.title.strip(),
        description=data.description.strip(),
        kind=data.kind,
        max_choices=max_choices,
        opens_at=data.opens_at,
        closes_at=data.closes_at,
        results_live=data.results_live,
        min_age=data.min_age,
        max_age=data.max_age,
        region=region,
        breakdown=data.breakdown,
    )
    policies.ensure_can_manage_polls(actor, poll)
    poll.full_clean()
    poll.save()
    PollOption.objects.bulk_create(
        [
            PollOption(poll=poll, label=label, position=index)
            for index, label in enumerate(labels)
        ]
    )
    audit.record(actor=actor, action="poll.create", target=poll)
    return poll


@transaction.atomic
def poll_open(*, actor: Any, poll: Poll) -> Poll:
    """Publish a draft: it takes votes between its opening and closing times."""
    policies.ensure_can_manage_polls(actor, poll)
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if poll.status != Poll.Status.DRAFT:
        raise BalaiError(
            _("Only a draft poll can be opened."), code=PollErrorCode.BAD_TRANSITION
        )
    if poll.closes_at <= timezone.now():
        raise BalaiError(
            _("The closing time has passed; change it before opening."),
            code=PollErrorCode.BAD_TRANSITION,
        )
    poll.status = Poll.Status.OPEN
    poll.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="poll.open", target=poll)
    return poll


def poll_close(*, actor: Any, poll: Poll) -> Poll:
    """Close an open poll now (or after its closing time) and count every ballot."""
    policies.ensure_can_manage_polls(actor, poll)
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        if poll.status != Poll.Status.OPEN:
            raise BalaiError(
                _("Only an open poll can be closed."),
                code=PollErrorCode.BAD_TRANSITION,
            )
        now = timezone.now()
        poll.status = Poll.Status.CLOSED
        poll.closed_at = now
        if poll.closes_at > now:
            poll.closes_at = max(now, poll.opens_at + dt.timedelta(seconds=1))
        poll.save(update_fields=["status", "closed_at", "closes_at", "updated_at"])
        audit.record(actor=actor, action="poll.close", target=poll)
    poll_id = poll.pk
    transaction.on_commit(lambda: ballots_mix(poll_id=poll_id, force=True))
    return poll
