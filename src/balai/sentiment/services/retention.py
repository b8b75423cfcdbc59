# SPDX-License-Identifier: EUPL-1.2
"""Retention: posts (with their corrections), topics and alerts older than the
retention period are deleted (``balai sentiment purge`` / ``posts_purge_task``)."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from balai.security import audit
from balai.sentiment.models import Post, SpikeAlert, Topic

logger = logging.getLogger(__name__)


@transaction.atomic
def posts_purge(
    *, now: dt.datetime | None = None, days: int | None = None, dry_run: bool = False
) -> dict[str, int]:
    """Delete what is older than ``days`` (settings.SENTIMENT_RETENTION_DAYS);
    returns the counts. Idempotent."""
    days = settings.SENTIMENT_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    posts = Post.objects.filter(posted_at__lt=cutoff)
    topics = Topic.objects.filter(period_end__lt=cutoff)
    alerts = SpikeAlert.objects.filter(day__lt=cutoff.date())
    counts = {
        "posts": posts.count(),
        "topics": topics.count(),
        "alerts": alerts.count(),
    }
    if dry_run or not any(counts.values()):
        return counts
    posts.delete()
    topics.delete()
    alerts.delete()
    audit.record(
        actor=None,
        action="sentiment.purge",
        object_type="sentiment.post",
        object_id=cutoff.date().isoformat(),
        changes=["posts", "topics", "alerts"],
    )
    logger.info("sentiment.purged posts=%s cutoff=%s", counts["posts"], cutoff.date())
    return counts
