# SPDX-License-Identifier: EUPL-1.2
"""Receivers of other apps' domain signals.

``notify_security_officers`` subscribes to ``balai.security.monitoring.signals
.alert_raised`` (the security app cannot know users): every active security officer
is told through ``notifications.user_notify`` — their channel, their language, the
``security_alert`` template with the full link to the alert.
"""

from __future__ import annotations

import logging
from typing import Any

from balai.accounts.constants import Role
from balai.accounts.models import User
from balai.core.links import public_reverse
from balai.notifications.services import user_notify

logger = logging.getLogger(__name__)


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
    context = {
        "alert": {"rule": rule, "target": target, "title": title, "severity": severity},
        "link": public_reverse("security:alert-detail", alert_id=alert_id),
    }
    officers = User.objects.filter(is_active=True, groups__name=Role.SECURITY_OFFICER)
    for user_id in officers.values_list("pk", flat=True).distinct():
        user_notify(user_id=str(user_id), template="security_alert", context=context)
