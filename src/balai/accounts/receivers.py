# SPDX-License-Identifier: EUPL-1.2
"""Receivers of other apps' domain signals.

``notify_security_officers`` subscribes to ``balai.security.monitoring.signals
.alert_raised`` (the security app cannot know users): every active security officer
gets the alert on their preferred channel, in their language.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from balai.accounts.constants import Channel, Role
from balai.accounts.models import User
from balai.core.errors import BalaiError
from balai.notifications.services import message_send
from balai.security.monitoring.constants import Severity, alert_title

logger = logging.getLogger(__name__)


def _security_officers() -> QuerySet[User]:
    return User.objects.filter(is_active=True, groups__name=Role.SECURITY_OFFICER)


def _contact(user: User) -> tuple[str, str] | None:
    """(channel, recipient): the preferred channel, else whichever the user has."""
    by_channel = {Channel.EMAIL: user.email, Channel.SMS: user.phone}
    preferred = user.preferred_channel
    ordered = [preferred, *(channel for channel in by_channel if channel != preferred)]
    for channel in ordered:
        if by_channel.get(channel):
            return str(channel), str(by_channel[channel])
    return None


def _message(
    *, alert_id: str, severity: str, title: str, rule: str, target: str
) -> dict[str, str]:
    """Subject and body in the active language; no personal data beyond the title."""
    shown = alert_title(rule, target) if rule and target else title
    level = Severity(severity).label if severity in Severity.values else severity
    values = {
        "title": shown,
        "severity": str(level),
        "path": reverse("security:alert-detail", kwargs={"alert_id": alert_id}),
    }
    return {
        "subject": gettext("Security alert (%(severity)s): %(title)s") % values,
        "body": gettext(
            "Balai raised a security alert: %(title)s.\n"
            "Severity: %(severity)s.\n\n"
            "Review, acknowledge or resolve it on the security dashboard: %(path)s"
        )
        % values,
    }


def notify_security_officers(
    sender: Any,
    alert_id: str,
    severity: str,
    title: str,
    rule: str = "",
    target: str = "",
    **kwargs: Any,
) -> None:
    """Send the alert to every active security officer (one message each)."""
    for user in _security_officers():
        contact = _contact(user)
        if contact is None:
            logger.warning("security.alert_officer_unreachable user=%s", user.pk)
            continue
        channel, recipient = contact
        with translation.override(user.language):
            context = _message(
                alert_id=alert_id,
                severity=severity,
                title=title,
                rule=rule,
                target=target,
            )
        try:
            message_send(
                channel=channel,
                recipient=recipient,
                template="generic",
                context=context,
                language=user.language,
                user_id=str(user.pk),
            )
        except BalaiError:
            logger.exception("security.alert_notice_failed user=%s", user.pk)
