# SPDX-License-Identifier: EUPL-1.2
"""Messages about applications: to the citizen at every step, to staff on alerts.

Called inside the services' transactions; ``notifications.user_notify`` sends nothing
before commit, then renders ``cases_<action>`` (citizen) or ``cases_staff_<kind>``
(staff) from ``cases/templates/notifications/messages/`` in the recipient's language,
on the channel ``contact_for`` chooses. Texts name the service, the number and the
status, never the personal data in the answers; each carries the full link to the
application's page (the citizen's, or the officers').
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from balai.cases.constants import Action
from balai.cases.models import Application
from balai.core.links import public_reverse
from balai.notifications.services import user_notify

# the steps whose reason the citizen reads (the officer wrote it for them)
REASON_SHOWN = frozenset({Action.REQUEST_REVISION, Action.REJECT, Action.ESCALATE})


class StaffNotice:
    ASSIGNED = "assigned"
    ESCALATED = "escalated"
    SIGN_OFF_DUE = "sign_off_due"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


def application_context(application: Application, *, staff: bool) -> dict[str, Any]:
    """What a message about ``application`` may say (JSON-safe, no answers)."""
    name = "cases:officer-detail" if staff else "cases:application-detail"
    return {
        "number": application.number or "",
        "service_id": application.service_name_id,
        "service_en": application.service_name_en or application.service_name_id,
        "status": application.status,
        "fee": str(application.fee_amount),
        "due": application.sla_due.isoformat() if application.sla_due else "",
        "link": public_reverse(name, application_id=application.pk),
    }


def notify_applicant(
    *, application: Application, action: str, reason: str = ""
) -> None:
    """Tell the applicant about ``action`` (after commit)."""
    context = application_context(application, staff=False)
    context["reason"] = reason if action in REASON_SHOWN else ""
    user_notify(
        user_id=str(application.applicant_id),
        template=f"cases_{action}",
        context=context,
    )


def notify_staff(
    *, application: Application, kind: str, user_ids: Iterable[str]
) -> None:
    """Tell officers or heads about an assignment, an escalation or an SLA alert."""
    context = application_context(application, staff=True)
    for user_id in sorted({str(pk) for pk in user_ids}):
        user_notify(user_id=user_id, template=f"cases_staff_{kind}", context=context)
