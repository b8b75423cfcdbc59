# SPDX-License-Identifier: EUPL-1.2
"""Service-time (SLA) alerts: due within one working day, then overdue."""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial

from django.db import transaction
from django.utils import timezone

from balai.cases import catalog_access
from balai.cases.constants import OPEN_STATUSES, Action, SlaState
from balai.cases.models import Application
from balai.cases.services.common import step

logger = logging.getLogger(__name__)


def sla_state(due: dt.date | None, today: dt.date | None = None) -> str:
    """On time, due soon (within one working day) or overdue (past the due date)."""
    if due is None:
        return SlaState.ON_TIME
    today = today or timezone.localdate()
    if due < today:
        return SlaState.OVERDUE
    if due <= catalog_access.add_working_days(today, 1):
        return SlaState.DUE_SOON
    return SlaState.ON_TIME


def sla_alerts_raise(*, today: dt.date | None = None) -> int:
    """Alert the assigned officer and the agency heads once when an open application
    becomes due within a working day, and once more when it is overdue; returns the
    number of alerts raised. Idempotent: ``sla_alert`` remembers what was sent."""
    today = today or timezone.localdate()
    horizon = catalog_access.add_working_days(today, 1)
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
        raised += _alert_one(str(application_id), today)
    if raised:
        logger.info("cases.sla_alerts raised=%s", raised)
    return raised


@transaction.atomic
def _alert_one(application_id: str, today: dt.date) -> int:
    application = Application.objects.select_for_update().get(pk=application_id)
    if application.status not in OPEN_STATUSES or application.paused_at is not None:
        return 0
    level = sla_state(application.sla_due, today)
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
    from balai.cases.notices import notify_staff
    from balai.cases.selectors import agency_heads

    recipients = {
        str(pk) for pk in agency_heads(application).values_list("pk", flat=True)
    }
    if application.assigned_to_id:
        recipients.add(str(application.assigned_to_id))
    transaction.on_commit(
        partial(
            notify_staff,
            application_id=str(application.pk),
            kind=level,
            user_ids=sorted(recipients),
        ),
        robust=True,
    )
    return 1
