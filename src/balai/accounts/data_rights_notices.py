# SPDX-License-Identifier: EUPL-1.2
"""Messages telling a citizen how their data correction request is going.

Called inside the data-rights services' transactions: ``notifications.user_notify``
sends nothing before commit, then renders ``correction_<event>`` from
``accounts/templates/notifications/messages/`` in the citizen's language. Texts never
repeat the values asked for (a message can be read on a shared phone) and carry the
full link to the citizen's "My data" page.
"""

from __future__ import annotations

from balai.accounts.constants import CorrectionItem
from balai.accounts.models import DataCorrectionRequest
from balai.core.links import public_reverse
from balai.notifications.services import user_notify

APPLIED_ITEMS = (CorrectionItem.FULL_NAME, CorrectionItem.BIRTH_DATE)
EVENTS = ("submitted", "claimed", "accepted", "rejected")


def notify_requester(*, request: DataCorrectionRequest, event: str) -> None:
    """Tell the citizen about ``event`` (submitted, claimed, accepted, rejected) of
    their request, after commit; skipped when they have no contact."""
    if event not in EVENTS:
        raise ValueError(f"unknown correction event {event!r}")
    user_notify(
        user_id=str(request.requester_id),
        template=f"correction_{event}",
        context={
            "reference": request.reference,
            "item": request.item,
            "agency": request.agency.name if request.agency else "",
            "applied": request.item in APPLIED_ITEMS,
            "reason": request.decision_reason,
            "link": public_reverse("portal:my-data"),
        },
    )
