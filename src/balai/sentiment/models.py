# SPDX-License-Identifier: EUPL-1.2
"""Posts about public services, the officers' label corrections, negative topics and
spike alerts. Authors are stored only as a keyed hash (``author_hash``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel
from balai.sentiment.constants import Label, ModelPath, Source


class Post(BaseModel):
    """One citizen post or comment with its predicted (and corrected) sentiment."""

    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    platform = models.CharField(_("platform"), max_length=40, blank=True)
    external_id = models.CharField(_("external id"), max_length=200, blank=True)
    author_hash = models.CharField(_("author (keyed hash)"), max_length=64, blank=True)
    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=2, default="id")
    posted_at = models.DateTimeField(_("posted at"), db_index=True)
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    engagement = models.PositiveIntegerField(_("engagement"), default=0)
    label = models.CharField(
        _("label"), max_length=8, choices=Label.choices, db_index=True
    )
    score = models.FloatField(_("score"), default=0.0)
    probabilities = models.JSONField(_("probabilities"), default=dict, blank=True)
    uncertainty = models.FloatField(_("uncertainty"), default=0.0, db_index=True)
    model_version = models.CharField(_("model version"), max_length=40, blank=True)
    model_path = models.CharField(
        _("model path"), max_length=8, choices=ModelPath.choices, default="fast"
    )
    sarcasm_marked = models.BooleanField(_("sarcasm markers"), default=False)
    corrected = models.BooleanField(_("corrected by an officer"), default=False)
    service_slug = models.CharField(_("service"), max_length=80, blank=True)
    agency_code = models.CharField(_("agency"), max_length=40, blank=True)
    region_code = models.CharField(_("region code"), max_length=13, blank=True)
    topic = models.ForeignKey(
        "sentiment.Topic",
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-posted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "platform", "external_id"],
                condition=~models.Q(external_id=""),
                name="sentiment_post_unique_external",
            )
        ]
        indexes = [
            models.Index(fields=["agency_code", "posted_at"], name="sent_agency_time"),
            models.Index(
                fields=["service_slug", "posted_at"], name="sent_service_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.text[:40]}"


class Correction(BaseModel):
    """An officer's label for a post: kept, and used by the next training."""

    post = models.ForeignKey(
        Post,
        verbose_name=_("post"),
        on_delete=models.CASCADE,
        related_name="corrections",
    )
    label = models.CharField(_("label"), max_length=8, choices=Label.choices)
    previous_label = models.CharField(
        _("previous label"), max_length=8, choices=Label.choices
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("text at correction"))

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["-created_at"]


class Topic(BaseModel):
    """A cluster of negative posts of one period, named by its top terms."""

    agency_code = models.CharField(_("agency"), max_length=40, blank=True)
    terms = models.CharField(_("top terms"), max_length=300)
    size = models.PositiveIntegerField(_("posts"))
    growth = models.FloatField(_("growth"), default=0.0)
    period_start = models.DateTimeField(_("from"))
    period_end = models.DateTimeField(_("until"))

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["-size"]

    def __str__(self) -> str:
        return self.terms


class SpikeAlert(BaseModel):
    """A significant rise of the negative share for an agency (one per day)."""

    agency_code = models.CharField(_("agency"), max_length=40)
    day = models.DateField(_("day"))
    negative = models.PositiveIntegerField(_("negative posts"))
    total = models.PositiveIntegerField(_("posts"))
    baseline_rate = models.FloatField(_("baseline negative share"))
    p_value = models.FloatField(_("p-value"))
    test = models.CharField(_("test"), max_length=120)
    recipients = models.PositiveIntegerField(_("notified heads"), default=0)

    class Meta:
        verbose_name = _("spike alert")
        verbose_name_plural = _("spike alerts")
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency_code", "day"], name="sentiment_spike_once_a_day"
            )
        ]

    @property
    def rate(self) -> float:
        return self.negative / self.total if self.total else 0.0
