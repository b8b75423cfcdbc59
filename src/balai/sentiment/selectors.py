# SPDX-License-Identifier: EUPL-1.2
"""Reads of the sentiment app: the dashboard figures, lists, the labelling queue and
the corrections for training. Every read starts from ``policies.visible_posts``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDay, TruncWeek
from django.utils import timezone

from balai.core.errors import NotFound
from balai.sentiment import policies
from balai.sentiment.constants import Label
from balai.sentiment.models import Correction, Post, SpikeAlert, Topic


@dataclass(frozen=True)
class Filters:
    agency: str = ""
    service: str = ""
    region: str = ""
    label: str = ""
    days: int = 90
    topic: str = ""


def posts_filtered(user: Any, filters: Filters) -> QuerySet[Post]:
    since = timezone.now() - dt.timedelta(days=max(1, min(filters.days, 730)))
    posts = policies.visible_posts(user).filter(posted_at__gte=since)
    if filters.agency:
        posts = posts.filter(agency_code=filters.agency)
    if filters.service:
        posts = posts.filter(service_slug=filters.service)
    if filters.region:
        posts = posts.filter(region_code__startswith=filters.region)
    if filters.label in Label.values:
        posts = posts.filter(label=filters.label)
    if filters.topic:
        posts = posts.filter(topic_id=filters.topic)
    return posts


def _counts() -> dict[str, Any]:
    return {
        "total": Count("pk"),
        "negative": Count("pk", filter=Q(label=Label.NEGATIVE)),
        "neutral": Count("pk", filter=Q(label=Label.NEUTRAL)),
        "positive": Count("pk", filter=Q(label=Label.POSITIVE)),
    }


def _with_shares(row: dict[str, Any]) -> dict[str, Any]:
    total = row["total"] or 1
    for label in Label.values:
        row[f"{label}_pct"] = round(100 * row[label] / total, 1)
    return row


def sentiment_over_time(user: Any, filters: Filters) -> list[dict[str, Any]]:
    """Counts per day (up to 45 days) or per week, oldest first."""
    trunc = TruncDay if filters.days <= 45 else TruncWeek
    rows = (
        posts_filtered(user, filters)
        .annotate(period=trunc("posted_at"))
        .values("period")
        .annotate(**_counts())
        .order_by("period")
    )
    return [_with_shares(dict(row)) for row in rows]


def share_of_voice(
    user: Any, filters: Filters, *, by: str = "agency_code"
) -> list[dict[str, Any]]:
    """Posts per agency (or service), the most discussed first, with their mix."""
    rows = (
        posts_filtered(
            user, Filters(**{**filters.__dict__, "agency": "", "service": ""})
        )
        .exclude(**{by: ""})
        .values(by)
        .annotate(**_counts())
        .order_by("-total", by)
    )
    rows = [_with_shares(dict(row)) for row in rows]
    grand = sum(row["total"] for row in rows) or 1
    for row in rows:
        row["key"] = row[by]
        row["voice_pct"] = round(100 * row["total"] / grand, 1)
    return rows


def summary(user: Any, filters: Filters) -> dict[str, Any]:
    return _with_shares(dict(posts_filtered(user, filters).aggregate(**_counts())))


def topic_list(user: Any, filters: Filters, *, limit: int = 6) -> list[dict[str, Any]]:
    """Topics of negative posts (of the chosen agency, or all), with up to three
    example posts the user may see."""
    found = Topic.objects.filter(agency_code=filters.agency or "").order_by("-size")
    out = []
    visible = policies.visible_posts(user)
    for topic in found[:limit]:
        examples = list(
            visible.filter(topic=topic).order_by("-engagement", "-posted_at")[:3]
        )
        out.append({"topic": topic, "examples": examples})
    return out


def alert_list(user: Any, filters: Filters, *, limit: int = 10) -> QuerySet[SpikeAlert]:
    if not policies.is_sentiment_staff(user):
        return SpikeAlert.objects.none()
    alerts = SpikeAlert.objects.all()
    if filters.agency:
        alerts = alerts.filter(agency_code=filters.agency)
    return alerts.order_by("-day")[:limit]


def labelling_queue(user: Any, *, limit: int = 20) -> QuerySet[Post]:
    """Uncorrected posts, the most uncertain first (active learning)."""
    return (
        policies.visible_posts(user)
        .filter(corrected=False)
        .order_by("-uncertainty", "-posted_at")[:limit]
    )


def post_get(user: Any, post_id: Any) -> Post:
    post = policies.visible_posts(user).filter(pk=post_id).first()
    if post is None:
        raise NotFound("No such post.", code="post_not_found")
    return post


def corrections_for_training() -> list[tuple[str, str]]:
    """(text, label) of every corrected post, its latest correction, oldest first:
    the officers' labels handed to the next training."""
    latest: dict[Any, tuple[str, str]] = {}
    for post_id, text, label in Correction.objects.order_by(
        "created_at", "pk"
    ).values_list("post_id", "text", "label"):
        latest[post_id] = (text, label)
    return list(latest.values())
