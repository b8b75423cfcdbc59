# SPDX-License-Identifier: EUPL-1.2
"""Messages about reports: receipts, followers' updates, overdue alerts.

Run from tasks after commit. Texts are rendered in each recipient's language and
never repeat who reported (a follower must not learn the reporter's identity).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from balai.accounts.constants import Channel, Role
from balai.notifications.services import message_send
from balai.reports.constants import OPEN_STATUSES, Status
from balai.reports.models import Report, ReportUpdate

logger = logging.getLogger(__name__)


def _contact(user: Any) -> tuple[str, str]:
    if getattr(user, "preferred_channel", "") == Channel.SMS and user.phone:
        return Channel.SMS, user.phone
    if user.email:
        return Channel.EMAIL, user.email
    if user.phone:
        return Channel.SMS, user.phone
    return "", ""


def _send(
    *,
    channel: str,
    recipient: str,
    language: str,
    subject: str,
    body: str,
    user_id: str | None = None,
) -> None:
    message_send(
        channel=channel,
        recipient=recipient,
        template="generic",
        context={"subject": subject, "body": body},
        language=language,
        user_id=user_id,
    )


def _status_label(report: Report) -> str:
    label = str(Status(report.status).label)
    if report.status == Status.CLOSED and report.close_reason:
        label += f" ({report.get_close_reason_display()})"
    return label


def report_receipt(*, report_id: str) -> int:
    """Tell the reporter (account or Open311 e-mail) the report's number."""
    report = Report.objects.select_related("reporter", "category").get(pk=report_id)
    sent = 0
    recipients: list[tuple[str, str, str, str | None]] = []
    if report.reporter is not None:
        channel, address = _contact(report.reporter)
        if address:
            recipients.append(
                (channel, address, report.reporter.language, str(report.reporter.pk))
            )
    if report.contact_email:
        recipients.append((Channel.EMAIL, report.contact_email, "id", None))
    for channel, address, language, user_id in recipients:
        with translation.override(language):
            subject = _("We received your report %(id)s") % {"id": report.public_id}
            body = _(
                "Thank you. Your report %(id)s (%(category)s) has been received and "
                "will be handled within %(hours)d hours. You will be told when its "
                "status changes."
            ) % {
                "id": report.public_id,
                "category": report.category.name,
                "hours": report.category.sla_hours,
            }
        _send(
            channel=channel,
            recipient=address,
            language=language,
            subject=subject,
            body=body,
            user_id=user_id,
        )
        sent += 1
    return sent


def report_update_notify(*, update_id: str) -> int:
    """Tell every follower (and the Open311 reporter's e-mail) about a public update."""
    update = ReportUpdate.objects.select_related("report", "report__category").get(
        pk=update_id
    )
    if not update.is_public:
        return 0
    report = update.report
    sent = 0
    for user in report.followers.filter(is_active=True):
        if update.author_id is not None and user.pk == update.author_id:
            continue
        channel, address = _contact(user)
        if not address:
            continue
        with translation.override(user.language):
            subject, body = _update_text(report, update)
        _send(
            channel=channel,
            recipient=address,
            language=user.language,
            subject=subject,
            body=body,
            user_id=str(user.pk),
        )
        sent += 1
    if report.contact_email and update.status_to:
        with translation.override("id"):
            subject, body = _update_text(report, update)
        _send(
            channel=Channel.EMAIL,
            recipient=report.contact_email,
            language="id",
            subject=subject,
            body=body,
        )
        sent += 1
    return sent


def _update_text(report: Report, update: ReportUpdate) -> tuple[str, str]:
    values = {"id": report.public_id, "status": _status_label(report)}
    subject = _("Update on report %(id)s") % values
    if update.status_to:
        body = _("Report %(id)s is now: %(status)s.") % values
    else:
        body = _("There is a new update on report %(id)s.") % values
    if update.text:
        body += "\n\n" + update.text
    return subject, body


def reports_overdue_alert(*, now: dt.datetime | None = None) -> int:
    """Alert each agency's officers and heads once about reports past their SLA."""
    from balai.accounts.models import User

    now = now or timezone.now()
    overdue = list(
        Report.objects.filter(
            status__in=OPEN_STATUSES,
            due_at__lt=now,
            overdue_alerted_at__isnull=True,
            agency__isnull=False,
        ).select_related("agency")
    )
    by_agency: dict[Any, list[Report]] = {}
    for report in overdue:
        by_agency.setdefault(report.agency_id, []).append(report)
    for agency_id, reports in by_agency.items():
        staff = User.objects.filter(
            agency_id=agency_id,
            is_active=True,
            is_staff=True,
            groups__name__in=[Role.OFFICER, Role.AGENCY_HEAD],
        ).distinct()
        ids = ", ".join(r.public_id for r in reports[:20])
        for user in staff:
            channel, address = _contact(user)
            if not address:
                continue
            with translation.override(user.language):
                subject = _("%(count)d reports are past their deadline") % {
                    "count": len(reports)
                }
                body = _(
                    "These reports of %(agency)s are past their SLA deadline: %(ids)s. "
                    "Open the reports board to handle them."
                ) % {"agency": reports[0].agency.name, "ids": ids}
            _send(
                channel=channel,
                recipient=address,
                language=user.language,
                subject=subject,
                body=body,
                user_id=str(user.pk),
            )
        with transaction.atomic():
            Report.objects.filter(pk__in=[r.pk for r in reports]).update(
                overdue_alerted_at=now
            )
    logger.info("reports.overdue_alerted count=%s", len(overdue))
    return len(overdue)
