# SPDX-License-Identifier: EUPL-1.2
"""Opinion mapping (Pol.is method): statements, agree/disagree/pass votes, and the
last computed map of a consultation (see ``participation.opinion_math``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel
from balai.participation.consultations_constants import VoteValue

__all__ = ["OpinionMap", "Statement", "StatementVote"]


class Statement(BaseModel):
    """A short statement participants vote on."""

    consultation = models.ForeignKey(
        "participation.Consultation",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="statements",
    )
    text = models.CharField(_("text"), max_length=300)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_hidden = models.BooleanField(_("hidden"), default=False)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text


class StatementVote(models.Model):
    """One participant's vote on one statement (changeable, unique per pair)."""

    id = models.BigAutoField(primary_key=True)
    statement = models.ForeignKey(
        Statement,
        verbose_name=_("statement"),
        on_delete=models.CASCADE,
        related_name="votes",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    value = models.SmallIntegerField(_("vote"), choices=VoteValue.choices)
    voted_at = models.DateTimeField(_("voted at"), auto_now=True)

    class Meta:
        verbose_name = _("statement vote")
        verbose_name_plural = _("statement votes")
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "user"], name="participation_vote_once"
            )
        ]

    def __str__(self) -> str:
        return f"vote {self.pk}"


class OpinionMap(BaseModel):
    """The latest opinion map of a consultation: groups, consensus and the points
    of the chart, as JSON (no user ids: participants are anonymous points)."""

    consultation = models.OneToOneField(
        "participation.Consultation",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="opinion_map",
    )
    votes_seen = models.PositiveIntegerField(_("votes counted"), default=0)
    participants = models.PositiveIntegerField(_("participants mapped"), default=0)
    groups = models.PositiveSmallIntegerField(_("groups"), default=0)
    result = models.JSONField(_("result"), default=dict)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("opinion map")
        verbose_name_plural = _("opinion maps")
