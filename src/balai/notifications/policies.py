# SPDX-License-Identifier: EUPL-1.2
"""Who may do what with the outbox; every rule denies by default."""

from __future__ import annotations

from typing import Any

from balai.security.policy import can, ensure, rule

RETRY_MESSAGE = "notifications.retry_message"


@rule(RETRY_MESSAGE)
def _retry_message(user: Any, obj: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_staff
        and user.has_perm("notifications.retry_message")
    )


def can_retry_message(user: Any) -> bool:
    """Staff holding the ``notifications.retry_message`` permission."""
    return can(user, RETRY_MESSAGE)


def ensure_can_retry_message(user: Any) -> None:
    """Raise PermissionDenied unless ``can_retry_message(user)``."""
    ensure(user, RETRY_MESSAGE)
