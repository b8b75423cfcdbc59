# SPDX-License-Identifier: EUPL-1.2
"""Messages telling a citizen how their data correction request is going.

Called after commit; texts are written in the citizen's language and never repeat
the values asked for (a message can be read on a shared phone).
"""

from __future__ import annotations

import logging

from django.utils import translation
from django.utils.translation import gettext as _

from balai.accounts.constants import Channel, CorrectionItem
from balai.accounts.models import DataCorrectionRequest, User
from balai.notifications.services import message_send

logger = logging.getLogger(__name__)

APPLIED_ITEMS = (CorrectionItem.FULL_NAME, CorrectionItem.BIRTH_DATE)


def _contact(user: User) -> tuple[str, str]:
    """The channel and address to reach ``user``: the preferred one when known."""
    if user.preferred_channel == Channel.SMS and user.phone:
        return Channel.SMS, user.phone
    if user.email:
        return Channel.EMAIL, user.email
    if user.phone:
        return Channel.SMS, user.phone
    return "", ""


def _item_phrase(item: str) -> str:
    """The item's label to use mid-sentence: "date of birth", but "NIK"."""
    label = str(CorrectionItem(item).label)
    return label if label.isupper() else label[:1].lower() + label[1:]


def _text(request: DataCorrectionRequest, event: str) -> tuple[str, str]:
    values = {
        "reference": request.reference,
        "item": _item_phrase(request.item),
        "agency": request.agency.name if request.agency else "",
        "reason": request.decision_reason,
    }
    if event == "submitted":
        subject = _("We received your data correction request")
        if request.agency:
            body = _(
                "Your request %(reference)s to correct your %(item)s is in the queue "
                "of %(agency)s. You will have an answer within 3 x 24 hours. You can "
                "follow it on the My data page."
            )
        else:
            body = _(
                "Your request %(reference)s to correct your %(item)s was received "
                "and will be passed to the responsible agency. You can follow it on "
                "the My data page."
            )
    elif event == "claimed":
        subject = _("Your data correction request is being reviewed")
        body = _(
            "An officer is now reviewing your request %(reference)s to correct your "
            "%(item)s."
        )
    elif event == "accepted":
        subject = _("Your data correction request was accepted")
        if request.item in APPLIED_ITEMS:
            body = _(
                "Your request %(reference)s was accepted: your %(item)s in Balai "
                "has been corrected."
            )
        else:
            body = _(
                "Your request %(reference)s to correct your %(item)s was accepted. "
                "The correction is recorded and will be applied to the population "
                "register."
            )
        if request.decision_reason:
            body += "\n\n" + _("Note from the officer: %(reason)s")
    else:
        subject = _("Your data correction request was not accepted")
        body = _(
            "Your request %(reference)s to correct your %(item)s was not accepted. "
            "Reason: %(reason)s"
        )
    return str(subject), body % values


def notify_requester(*, request_id: str, event: str) -> None:
    """Send the citizen a message about ``event`` (submitted, claimed, accepted,
    rejected) of their request, in their language; skipped when they have no
    contact."""
    request = DataCorrectionRequest.objects.select_related("requester", "agency").get(
        pk=request_id
    )
    user = request.requester
    channel, recipient = _contact(user)
    if not recipient:
        logger.warning("accounts.correction_notice_skipped request=%s", request.pk)
        return
    with translation.override(user.language):
        subject, body = _text(request, event)
    message_send(
        channel=channel,
        recipient=recipient,
        template="generic",
        context={"subject": subject, "body": body},
        language=user.language,
        user_id=str(user.pk),
    )
