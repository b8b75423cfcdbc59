# SPDX-License-Identifier: EUPL-1.2
"""Messages about reports: the receipt and the followers' updates.

The bodies of the tasks in ``reports.tasks`` (enqueued after commit). People with an
account are told through ``notifications.user_notify`` (their channel, their
language); the contact e-mail an Open311 client left for someone without an account
is read here from the encrypted report — never passed as a task argument — and gets
the same template in Indonesian. Templates live in
``reports/templates/notifications/messages/`` and never name who reported (a follower
must not learn the reporter's identity). Every message carries the full link to the
report's public page.
"""

from __future__ import annotations

import logging
from typing import Any

from balai.accounts.constants import Channel
from balai.core.links import public_reverse
from balai.notifications.services import message_send, user_notify
from balai.reports.models import Report, ReportUpdate

logger = logging.getLogger(__name__)

RECEIVED = "report_received"
STATUS_CHANGED = "report_status_changed"
COMMENTED = "report_commented"


def report_context(report: Report) -> dict[str, Any]:
    """What every report message may say: number, category, status, service time
    and the link to the public page (JSON-safe, no personal data)."""
    category = report.category
    return {
        "public_id": report.public_id,
        "category_id": category.name_id,
        "category_en": category.name_en or category.name_id,
        "status": report.status,
        "close_reason": report.close_reason,
        "sla_working_days": category.sla_working_days or 0,
        "sla_hours": 0 if category.sla_working_days else category.sla_hours or 0,
        "link": public_reverse("reports:public-detail", public_id=report.public_id),
    }


def _to_contact_email(report: Report, template: str, context: dict[str, Any]) -> None:
    """The Open311 reporter's e-mail (no account, so no language: Indonesian)."""
    message_send(
        channel=Channel.EMAIL,
        recipient=report.contact_email,
        template=template,
        context=context,
        language="id",
    )


def report_receipt(*, report_id: str) -> int:
    """Tell the reporter (account or Open311 e-mail) the report's number; returns
    how many messages were asked for."""
    report = Report.objects.select_related("category").get(pk=report_id)
    context = report_context(report)
    sent = 0
    if report.reporter_id is not None:
        user_notify(user_id=str(report.reporter_id), template=RECEIVED, context=context)
        sent += 1
    if report.contact_email:
        _to_contact_email(report, RECEIVED, context)
        sent += 1
    return sent


def report_update_notify(*, update_id: str) -> int:
    """Tell every follower (and the Open311 reporter's e-mail, for status changes)
    about one public update; the author is not told of their own update."""
    update = ReportUpdate.objects.select_related("report", "report__category").get(
        pk=update_id
    )
    if not update.is_public:
        return 0
    report = update.report
    template = STATUS_CHANGED if update.status_to else COMMENTED
    context = {**report_context(report), "note": update.text}
    if update.status_to:
        context["status"] = update.status_to
    followers = report.followers.filter(is_active=True)
    if update.author_id is not None:
        followers = followers.exclude(pk=update.author_id)
    sent = 0
    for user_id in followers.values_list("pk", flat=True):
        user_notify(user_id=str(user_id), template=template, context=context)
        sent += 1
    if report.contact_email and update.status_to:
        _to_contact_email(report, template, context)
        sent += 1
    return sent
