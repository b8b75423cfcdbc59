# SPDX-License-Identifier: EUPL-1.2
"""The notification outbox backlog as Prometheus gauges (``balai.core.metrics``)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, Min
from django.utils import timezone

from prometheus_client.core import GaugeMetricFamily

from balai.notifications.constants import Status
from balai.notifications.models import Message

_PENDING = (Status.QUEUED, Status.SENDING, Status.FAILED)


def outbox_gauges() -> Iterator[GaugeMetricFamily]:
    """Messages per status, and the age of the oldest one not delivered yet."""
    counts = dict(
        Message.objects.values_list("status").annotate(count=Count("id")).order_by()
    )
    by_status = GaugeMetricFamily(
        "balai_notifications_outbox",
        "Notification messages per delivery status.",
        labels=["status"],
    )
    for status in Status.values:
        by_status.add_metric([status], counts.get(status, 0))
    backlog = GaugeMetricFamily(
        "balai_notifications_backlog",
        "Messages not delivered yet (queued, sending or failed and to be retried).",
    )
    backlog.add_metric([], sum(counts.get(status, 0) for status in _PENDING))
    oldest = Message.objects.filter(status__in=_PENDING).aggregate(
        oldest=Min("created_at")
    )["oldest"]
    age = GaugeMetricFamily(
        "balai_notifications_backlog_age_seconds",
        "Age of the oldest message not delivered yet (0 when none).",
    )
    age.add_metric([], (timezone.now() - oldest).total_seconds() if oldest else 0.0)
    yield from (by_status, backlog, age)
