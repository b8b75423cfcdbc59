# SPDX-License-Identifier: EUPL-1.2
"""Service-time (SLA) alerts of reports: the agency is told once when they are overdue.

Due moments come from each category's service time (``balai.core.sla``: working days,
or hours for urgent categories); ``balai reports_sla`` runs this from the scheduler,
as ``balai cases_sla`` does for applications.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from balai.accounts.constants import Role
from balai.core.links import public_reverse
from balai.notifications.services import user_notify
from balai.reports.constants import OPEN_STATUSES
from balai.reports.models import Report

logger = logging.getLogger(__name__)

OVERDUE = "reports_overdue"
IDS_SHOWN = 20


def sla_alerts_raise(*, now: dt.datetime | None = None) -> int:
    """Alert each agency's officers and heads once about its reports past their due
    moment; returns the number of reports alerted. Idempotent:
    ``overdue_alerted_at`` remembers what was sent."""
    now = now or timezone.now()
    agency_ids = (
        Report.objects.filter(
            status__in=OPEN_STATUSES,
            due_at__lt=now,
            overdue_alerted_at__isnull=True,
            agency__isnull=False,
        )
        .values_list("agency_id", flat=True)
        .distinct()
    )
    raised = sum(_alert_agency(agency_id, now) for agency_id in list(agency_ids))
    if raised:
        logger.info("reports.sla_alerts raised=%s", raised)
    return raised


@transaction.atomic
def _alert_agency(agency_id: Any, now: dt.datetime) -> int:
    from balai.accounts.models import User

    reports = list(
        Report.objects.select_for_update()
        .filter(
            agency_id=agency_id,
            status__in=OPEN_STATUSES,
            due_at__lt=now,
            overdue_alerted_at__isnull=True,
        )
        .select_related("agency")
        .order_by("due_at")
    )
    if not reports:
        return 0
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(overdue_alerted_at=now)
    ids = [r.public_id for r in reports]
    context = {
        "count": len(ids),
        "agency": reports[0].agency.name if reports[0].agency else "",
        "ids": ids[:IDS_SHOWN],
        "more": max(len(ids) - IDS_SHOWN, 0),
        "link": public_reverse("reports:board-list") + "?overdue=on",
    }
    staff = User.objects.filter(
        agency_id=agency_id,
        is_active=True,
        is_staff=True,
        groups__name__in=[Role.OFFICER, Role.AGENCY_HEAD],
    ).distinct()
    for user_id in staff.values_list("pk", flat=True):
        user_notify(user_id=str(user_id), template=OVERDUE, context=context)
    return len(reports)
