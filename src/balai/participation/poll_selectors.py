# SPDX-License-Identifier: EUPL-1.2
"""Reads of polls: lists, one poll, results with small-count suppression, receipts.

Tallies count the mixed ballots and those still in the mixing pool, so a result never
depends on when the mixer ran. Breakdowns by region publish a count only when it is at
least ``settings.STATS_MIN_CELL`` (the register's open-data k); smaller cells show as
"< k", and a region's total is hidden whenever one of its cells is (otherwise the
suppressed cell could be worked out by subtraction).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from balai.core.errors import NotFound
from balai.participation import poll_policies as policies
from balai.participation.models import Ballot, PendingBallot, Poll, PollOption
from balai.participation.services.polls import receipt_hash
from balai.regions.models import Region


def poll_list(user: Any, *, status: str | None = None) -> QuerySet[Poll]:
    polls = policies.visible_polls(user).select_related("agency", "region")
    if status:
        polls = polls.filter(status=status)
    return polls.order_by("-opens_at")


def poll_get(user: Any, poll_id: Any) -> Poll:
    try:
        return (
            policies.visible_polls(user)
            .select_related("agency", "region")
            .prefetch_related("options")
            .get(pk=poll_id)
        )
    except (Poll.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise NotFound(_("There is no such poll."), code="poll_not_found") from exc


def managed_polls(user: Any) -> QuerySet[Poll]:
    return policies.managed_polls(user).select_related("agency").order_by("-created_at")


@dataclass(frozen=True)
class OptionResult:
    option: PollOption
    votes: int  # ballots marking it (first preferences for ranked polls)
    points: int  # Borda points for ranked polls (n-1 for first, ... 0 for last)
    share: float  # of ballots, 0..100


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    cells: list[int | None]  # None: suppressed (< k)
    total: int | None


@dataclass(frozen=True)
class PollResults:
    poll: Poll
    ballots: int
    options: list[OptionResult]
    regions: list[RegionRow] = field(default_factory=list)
    k: int = 10

    @property
    def winner(self) -> OptionResult | None:
        if not self.ballots:
            return None
        key = (
            (lambda r: r.points)
            if self.poll.kind == Poll.Kind.RANKED
            else (lambda r: r.votes)
        )
        return max(self.options, key=key)


def _rows(poll: Poll) -> Iterable[tuple[list[str], str]]:
    for model in (Ballot, PendingBallot):
        yield from (
            model.objects.filter(poll=poll)
            .values_list("marks", "region_code")
            .iterator(chunk_size=2000)
        )


def poll_results(poll: Poll) -> PollResults:
    """The tally of a poll (whoever may see it: check ``poll.results_visible()``)."""
    options = list(poll.options.all())
    count = len(options)
    votes: Counter[str] = Counter()
    points: Counter[str] = Counter()
    by_region: dict[str, Counter[str]] = defaultdict(Counter)
    ballots = 0
    ranked = poll.kind == Poll.Kind.RANKED
    for marks, region in _rows(poll):
        ballots += 1
        if ranked:
            if marks:
                votes[marks[0]] += 1
                by_region[region][marks[0]] += 1
            for rank, option_id in enumerate(marks):
                points[option_id] += count - 1 - rank
        else:
            for option_id in marks:
                votes[option_id] += 1
                by_region[region][option_id] += 1
    k = int(getattr(settings, "STATS_MIN_CELL", 10))
    results = [
        OptionResult(
            option=option,
            votes=votes[str(option.pk)],
            points=points[str(option.pk)],
            share=round(100 * votes[str(option.pk)] / ballots, 1) if ballots else 0.0,
        )
        for option in options
    ]
    rows: list[RegionRow] = []
    if poll.breakdown:
        names = dict(
            Region.objects.filter(code__in=[c for c in by_region if c]).values_list(
                "code", "name"
            )
        )
        for code in sorted(by_region):
            counter = by_region[code]
            cells: list[int | None] = []
            for option in options:
                value = counter[str(option.pk)]
                cells.append(value if value >= k or value == 0 else None)
            total = sum(counter.values())
            hidden = any(cell is None for cell in cells) or total < k
            rows.append(
                RegionRow(
                    code=code,
                    name=names.get(code, code or "—"),
                    cells=cells,
                    total=None if hidden else total,
                )
            )
    return PollResults(poll=poll, ballots=ballots, options=results, regions=rows, k=k)


@dataclass(frozen=True)
class ReceiptCheck:
    found: bool
    poll: Poll | None = None


def receipt_check(code: str) -> ReceiptCheck:
    """Is the ballot with this receipt code in the count? Says which poll, never the
    choice (a receipt that showed the choice could be sold or demanded)."""
    if not code or not code.strip():
        return ReceiptCheck(found=False)
    digest = receipt_hash(code)
    for model in (Ballot, PendingBallot):
        poll_id = (
            model.objects.filter(receipt_hash=digest)
            .values_list("poll_id", flat=True)
            .first()
        )
        if poll_id is not None:
            poll = Poll.objects.select_related("agency").get(pk=poll_id)
            return ReceiptCheck(found=True, poll=poll)
    return ReceiptCheck(found=False)


def has_voted(user: Any, poll: Poll) -> bool:
    """Whether this citizen's register record has taken part (for the page only)."""
    from balai.participation.models import PollParticipation
    from balai.participation.services.polls import voter_key
    from balai.registry import selectors as register

    resident = register.resident_for_citizen(user)
    if resident is None:
        return False
    return PollParticipation.objects.filter(
        poll=poll, voter_key=voter_key(poll, resident.pk)
    ).exists()
