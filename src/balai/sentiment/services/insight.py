# SPDX-License-Identifier: EUPL-1.2
"""Spike alerts and topics: computed from stored posts, idempotent, run by tasks
and by ``balai sentiment spikes`` / ``balai sentiment topics``."""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from balai.security import audit
from balai.sentiment import spikes, topics
from balai.sentiment.constants import Label
from balai.sentiment.models import Post, SpikeAlert, Topic

logger = logging.getLogger(__name__)


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


def _counts(start: dt.datetime, end: dt.datetime) -> dict[str, tuple[int, int]]:
    rows = (
        Post.objects.filter(posted_at__gte=start, posted_at__lt=end)
        .exclude(agency_code="")
        .values("agency_code")
        .annotate(
            total=Count("pk"), negative=Count("pk", filter=Q(label=Label.NEGATIVE))
        )
    )
    return {r["agency_code"]: (r["negative"], r["total"]) for r in rows}


def spikes_detect(*, day: dt.date | None = None) -> list[SpikeAlert]:
    """Test every agency's negative share of ``day`` (default today) against its
    baseline; store one alert per agency and day and notify its heads after commit."""
    day = day or timezone.localdate()
    start, end = _day_bounds(day)
    today = _counts(start, end)
    baseline = _counts(
        start - dt.timedelta(days=settings.SENTIMENT_BASELINE_DAYS), start
    )
    tested = [code for code, (_neg, total) in today.items() if total]
    alerts = []
    for code in sorted(tested):
        negative, total = today[code]
        base_negative, base_total = baseline.get(code, (0, 0))
        window = spikes.Window(negative, total, base_negative, base_total)
        verdict = spikes.judge(
            window,
            alpha=settings.SENTIMENT_SPIKE_ALPHA,
            tests=len(tested),
            min_posts=settings.SENTIMENT_SPIKE_MIN_POSTS,
        )
        if verdict.spike:
            alert = _alert_store(code, day, window, verdict.p_value)
            if alert is not None:
                alerts.append(alert)
    return alerts


@transaction.atomic
def _alert_store(
    code: str, day: dt.date, window: spikes.Window, p_value: float
) -> SpikeAlert | None:
    if SpikeAlert.objects.filter(agency_code=code, day=day).exists():
        return None
    alert = SpikeAlert(
        agency_code=code,
        day=day,
        negative=window.negative,
        total=window.total,
        baseline_rate=round(window.baseline_rate, 4),
        p_value=p_value,
        test=spikes.TEST_NAME,
    )
    alert.full_clean()
    try:
        with transaction.atomic():
            alert.save(force_insert=True)
    except IntegrityError:  # a concurrent run stored it first
        return None
    audit.record(actor=None, action="sentiment.spike", target=alert, changes=["day"])
    from balai.sentiment.tasks import spike_notify_task

    transaction.on_commit(partial(spike_notify_task.enqueue, alert_id=str(alert.pk)))
    logger.info("sentiment.spike agency=%s day=%s p=%.2e", code, day, p_value)
    return alert


@transaction.atomic
def topics_rebuild(
    *, days: int = 30, agency_code: str = "", now: dt.datetime | None = None
) -> list[Topic]:
    """Cluster the negative posts of the last ``days`` (one agency or all) into
    topics; replaces the previous topics of that scope."""
    end = now or timezone.now()
    start = end - dt.timedelta(days=days)
    posts = Post.objects.filter(
        label=Label.NEGATIVE, posted_at__gte=start, posted_at__lt=end
    )
    if agency_code:
        posts = posts.filter(agency_code=agency_code)
    rows = list(
        posts.order_by("posted_at", "pk").values_list("pk", "text", "posted_at")
    )
    Topic.objects.filter(agency_code=agency_code).delete()
    found = topics.cluster([text for _pk, text, _at in rows])
    recent = end - dt.timedelta(days=7)
    created = []
    for cluster in found:
        members = [rows[i] for i in cluster.members]
        late = sum(1 for _pk, _t, at in members if at >= recent)
        early = len(members) - late
        topic = Topic.objects.create(
            agency_code=agency_code,
            terms=", ".join(cluster.terms)[:300],
            size=len(members),
            growth=round((late / 7) / max(early / max(days - 7, 1), 1e-9), 2)
            if early
            else float(late),
            period_start=start,
            period_end=end,
        )
        Post.objects.filter(pk__in=[pk for pk, _t, _at in members]).update(topic=topic)
        created.append(topic)
    return created
