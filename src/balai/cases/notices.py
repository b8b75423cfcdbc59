# SPDX-License-Identifier: EUPL-1.2
"""Messages about applications: to the citizen at every step, to staff on alerts.

Sent after commit through the notifications outbox, rendered from
``notifications/messages/cases_update.<id|en>.txt`` (citizen) and
``cases_staff.<id|en>.txt`` (staff) in the recipient's language. Texts name the
service, the number and the status, never the personal data in the answers.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from balai.cases.constants import Action, Status
from balai.cases.models import Application
from balai.notifications.services import message_send

logger = logging.getLogger(__name__)


def _contact(user: Any) -> tuple[str, str]:
    """The channel and address to reach ``user``: the preferred one when known."""
    if getattr(user, "preferred_channel", "email") == "sms" and user.phone:
        return "sms", user.phone
    if user.email:
        return "email", user.email
    if user.phone:
        return "sms", user.phone
    return "", ""


def _link(application: Application, *, staff: bool) -> str:
    name = "cases:officer-detail" if staff else "cases:application-detail"
    path = reverse(name, kwargs={"application_id": application.pk})
    return f"{settings.CASES_LINK_BASE_URL.rstrip('/')}{path}"


def notify_applicant(*, application_id: str, action: str, reason: str = "") -> None:
    """Tell the applicant about ``action`` on their application."""
    application = Application.objects.select_related("applicant").get(pk=application_id)
    user = application.applicant
    channel, recipient = _contact(user)
    if not recipient:
        logger.warning("cases.notice_skipped application=%s", application.pk)
        return
    language = user.language or "id"
    message_send(
        channel=channel,
        recipient=recipient,
        template="cases_update",
        context={
            "event": str(action),
            "number": application.reference,
            "service": application.service_name(language),
            "status": Status(application.status).label,
            "reason": reason if action in _REASON_SHOWN else "",
            "fee": application.fee_amount,
            "link": _link(application, staff=False),
        },
        language=language,
        user_id=str(user.pk),
    )


_REASON_SHOWN = {Action.REQUEST_REVISION, Action.REJECT, Action.ESCALATE}


def notify_staff(*, application_id: str, kind: str, user_ids: Iterable[str]) -> None:
    """Tell officers or heads about an assignment, an escalation or an SLA alert."""
    application = Application.objects.get(pk=application_id)
    for user in get_user_model().objects.filter(pk__in=list(user_ids), is_active=True):
        channel, recipient = _contact(user)
        if not recipient:
            continue
        language = user.language or "id"
        message_send(
            channel=channel,
            recipient=recipient,
            template="cases_staff",
            context={
                "kind": kind,
                "number": application.reference,
                "service": application.service_name(language),
                "due": application.sla_due,
                "link": _link(application, staff=True),
            },
            language=language,
            user_id=str(user.pk),
        )
