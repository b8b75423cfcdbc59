# SPDX-License-Identifier: EUPL-1.2
"""The spike alert message to the agency's heads: the one call site that sends it
(``notify_spike``), through the notifications outbox."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from balai.accounts.constants import Role
from balai.catalog import selectors as catalog
from balai.core.formatting import format_day
from balai.core.links import public_url
from balai.notifications.services import contact_for, user_notify
from balai.sentiment.models import SpikeAlert

logger = logging.getLogger(__name__)
TEMPLATE = "sentiment_spike"


def agency_heads(agency_code: str) -> list[Any]:
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            is_staff=True,
            agency__code=agency_code,
            groups__name=Role.AGENCY_HEAD,
        )
        .distinct()
        .order_by("date_joined")
    )


def notify_spike(*, alert_id: str) -> int:
    """Message every head of the alert's agency; returns how many were queued."""
    alert = SpikeAlert.objects.get(pk=alert_id)
    names = catalog.agency_display_names([alert.agency_code])
    path = reverse("sentiment:dashboard") + f"?agency={alert.agency_code}"
    link = public_url(path)
    sent = 0
    for head in agency_heads(alert.agency_code):
        if contact_for(head) is None:
            continue
        language = head.language or "id"
        name = names.get(alert.agency_code, alert.agency_code)
        with translation.override(language):
            day = format_day(alert.day)
        user_notify(
            user_id=str(head.pk),
            template=TEMPLATE,
            context={
                "agency": getattr(name, language, None) or str(name),
                "day": day,
                "negative": alert.negative,
                "total": alert.total,
                "rate": round(100 * alert.rate, 1),
                "baseline": round(100 * alert.baseline_rate, 1),
                "p_value": f"{alert.p_value:.1e}",
                "test": alert.test,
                "link": link,
            },
        )
        sent += 1
    SpikeAlert.objects.filter(pk=alert.pk).update(recipients=sent)
    logger.info("sentiment.spike_notified alert=%s heads=%s", alert.pk, sent)
    return sent
