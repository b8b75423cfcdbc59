# SPDX-License-Identifier: EUPL-1.2
"""Service-time (SLA) alerts: due within one working day, then overdue.

Due dates and states are ``balai.core.sla``'s (working days); ``balai cases_sla``
runs this from the scheduler, as ``balai reports_sla`` does for reports.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from balai.cases import notices
from balai.cases.constants import OPEN_STATUSES, Action
from balai.cases.models import Application
from balai.cases.services.common import step
from balai.core.sla import SlaState, sla_state
from balai.core.workdays import add_working_days

logger = logging.getLogger(__name__)


def sla_alerts_raise(*, now: dt.datetime | None = None) -> int:
    """Alert the assigned officer and the agency heads once when an open application
    becomes due within a working day, and once more when it is overdue; returns the
    number of alerts raised. Idempotent: ``sla_alert`` remembers what was sent."""
    now = now or timezone.now()
    horizon = add_working_days(timezone.localdate(now), 1)
    candidates = (
        Application.objects.filter(
            status__in=OPEN_STATUSES,
            paused_at__isnull=True,
            sla_due__isnull=False,
            sla_due__lte=horizon,
        )
        .exclude(sla_alert=SlaState.OVERDUE)
        .values_list("pk", flat=True)
    )
    raised = 0
    for application_id in list(candidates):
        raised += _alert_one(str(application_id), now)
    if raised:
        logger.info("cases.sla_alerts raised=%s", raised)
    return raised


@transaction.atomic
def _alert_one(application_id: str, now: dt.datetime) -> int:
    application = Application.objects.select_for_update().get(pk=application_id)
    if application.status not in OPEN_STATUSES or application.paused_at is not None:
        return 0
    level = sla_state(application.sla_due, now=now)
    if level == SlaState.ON_TIME or application.sla_alert == level:
        return 0
    application.sla_alert = level
    step(
        application,
        action=Action.SLA_ALERT,
        actor=None,
        reason=str(SlaState(level).label),
        fields=("sla_alert",),
        notify=False,
    )
    from balai.cases.selectors import agency_heads

    recipients = {
        str(pk) for pk in agency_heads(application).values_list("pk", flat=True)
    }
    if application.assigned_to_id:
        recipients.add(str(application.assigned_to_id))
    notices.notify_staff(application=application, kind=level, user_ids=recipients)
    return 1
