# SPDX-License-Identifier: EUPL-1.2
"""Polls with secret ballots — see docs/participation.md, "Polls and secret ballots".

Four tables, two of which must never be joinable:

* ``Poll`` and ``PollOption``: the question, its rules and its choices (public).
* ``PollParticipation`` — the *eligibility record*: that a person (a keyed hash of the
  poll and the resident, never the account or the NIK) has voted in a poll. Unique per
  (poll, voter_key): one person, one vote, enforced by the database.
* ``Ballot`` — the choice: the marked options, the region at the poll's breakdown
  level and the SHA-256 of the voter's receipt code. Random UUID key, no timestamp, no
  foreign key to a person or to the participation row.

Between the two sits ``PendingBallot`` (the mixing pool): a vote inserts its
participation row and a pending ballot in one transaction (so a vote is never lost nor
counted twice); ballots are moved from the pool into ``Ballot`` in shuffled batches by
another transaction, so neither the heap order of ``Ballot`` rows nor their
transaction id (PostgreSQL's ``xmin``) follows the order of the participation rows.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel

__all__ = ["Ballot", "PendingBallot", "Poll", "PollOption", "PollParticipation"]


class Poll(BaseModel):
    """A question put to eligible residents, with its rules and schedule."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        RANKED = "ranked", _("ranked choice")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    class Breakdown(models.IntegerChoices):
        NONE = 0, _("no breakdown")
        PROVINCE = 1, _("province")
        REGENCY = 2, _("regency/city")
        DISTRICT = 3, _("district")

    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="polls",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.SINGLE
    )
    max_choices = models.PositiveSmallIntegerField(
        _("most options a voter may choose"), default=1
    )
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    results_live = models.BooleanField(
        _("show results while open"),
        default=False,
        help_text=_("Otherwise results are published once the poll has closed."),
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("residence region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Only residents of this region (any level) may vote."),
    )
    breakdown = models.PositiveSmallIntegerField(
        _("results by region"), choices=Breakdown.choices, default=Breakdown.DISTRICT
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="participation_poll_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=models.Q(max_choices__gte=1),
                name="participation_poll_max_choices_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_accepting_votes(self, now: object = None) -> bool:
        moment = now or timezone.now()
        return (
            self.status == self.Status.OPEN and self.opens_at <= moment < self.closes_at  # type: ignore[operator]
        )

    def is_over(self, now: object = None) -> bool:
        moment = now or timezone.now()
        return self.status == self.Status.CLOSED or (
            self.status == self.Status.OPEN and moment >= self.closes_at  # type: ignore[operator]
        )

    def results_visible(self, now: object = None) -> bool:
        if self.status == self.Status.DRAFT:
            return False
        return self.results_live or self.is_over(now)


class PollOption(BaseModel):
    poll = models.ForeignKey(
        Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="options"
    )
    label = models.CharField(_("label"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("poll option")
        verbose_name_plural = _("poll options")
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return self.label


class PollParticipation(models.Model):
    """The eligibility record: this (keyed, per-poll) person has voted. No time, no
    ballot reference; a random UUID key so no sequence orders the rows."""

    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(
        Poll,
        verbose_name=_("poll"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    voter_key = models.CharField(_("voter key"), max_length=64)

    class Meta:
        verbose_name = _("poll participation")
        verbose_name_plural = _("poll participations")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "voter_key"],
                name="participation_one_vote_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"participation {str(self.pk)[:8]}"


class _BallotFields(models.Model):
    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(
        Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="+"
    )
    # option ids as strings; for ranked polls in order of preference
    marks = models.JSONField(_("marks"), default=list)
    region_code = models.CharField(_("region"), max_length=13, blank=True)
    receipt_hash = models.CharField(_("receipt hash"), max_length=64, unique=True)

    class Meta:
        abstract = True


class PendingBallot(_BallotFields):
    """A ballot in the mixing pool, waiting for its shuffled batch."""

    class Meta:
        verbose_name = _("pending ballot")
        verbose_name_plural = _("pending ballots")

    def __str__(self) -> str:
        return f"pending ballot {str(self.pk)[:8]}"


class Ballot(_BallotFields):
    """A counted ballot: the choice only, unlinkable to who cast it."""

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return f"ballot {str(self.pk)[:8]}"
