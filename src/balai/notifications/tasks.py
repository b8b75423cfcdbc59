# SPDX-License-Identifier: EUPL-1.2
"""Background entry points of the notifications app (queue "notifications")."""

from __future__ import annotations

import logging

from balai.core.errors import NotFound
from balai.core.tasks import task

logger = logging.getLogger(__name__)


@task(queue_name="notifications")
def message_deliver_task(message_id: str) -> str:
    """Deliver one message; idempotent (sent or dead messages are left alone)."""
    from balai.notifications.services import message_deliver

    try:
        message = message_deliver(message_id=message_id)
    except NotFound:
        logger.warning("notifications.task_missing id=%s", message_id)
        return "missing"
    return str(message.status)
