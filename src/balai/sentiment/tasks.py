# SPDX-License-Identifier: EUPL-1.2
"""Background entry points of the sentiment app (JSON-safe arguments, idempotent)."""

from __future__ import annotations

import logging

from balai.core.tasks import task

logger = logging.getLogger(__name__)


@task()
def posts_rescore_task(post_ids: list[str]) -> int:
    """The quality path: re-label new posts with the e5 model (slower)."""
    from balai.sentiment.services import posts_rescore

    try:
        return posts_rescore(post_ids=post_ids)
    except Exception:
        logger.exception("sentiment.rescore_failed")
        raise


@task()
def spike_notify_task(alert_id: str) -> int:
    from balai.sentiment.notices import notify_spike

    try:
        return notify_spike(alert_id=alert_id)
    except Exception:
        logger.exception("sentiment.spike_notify_failed")
        raise


@task()
def insight_refresh_task() -> int:
    """Spikes of today, then the topics of the last 30 days (all agencies)."""
    from balai.sentiment.services import spikes_detect, topics_rebuild

    try:
        alerts = spikes_detect()
        topics_rebuild()
        return len(alerts)
    except Exception:
        logger.exception("sentiment.insight_failed")
        raise


@task()
def posts_purge_task() -> int:
    from balai.sentiment.services import posts_purge

    try:
        return posts_purge()["posts"]
    except Exception:
        logger.exception("sentiment.purge_failed")
        raise


@task()
def feedback_ingest_task(
    source: str,
    external_id: str,
    text: str,
    service_slug: str,
    agency_code: str,
    region_code: str,
    posted_at: str,
) -> int:
    """Ingest one piece of Balai's own feedback (a survey comment, a report)."""
    from balai.catalog import selectors as catalog
    from balai.sentiment.services import posts_ingest

    if service_slug and not agency_code:
        try:
            agency_code = catalog.service_get(service_slug).agency
        except catalog.ServiceNotFound:
            agency_code = ""
    item = {
        "id": external_id,
        "text": text[:5000],
        "time": posted_at,
        "platform": "balai",
        "service_slug": service_slug,
        "agency_code": agency_code,
        "region_code": region_code,
    }
    try:
        return len(posts_ingest(items=[item], source=source).created)
    except Exception:
        logger.exception("sentiment.feedback_ingest_failed source=%s", source)
        raise
