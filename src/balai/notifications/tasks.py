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


@task(queue_name="notifications")
def user_notify_task(
    user_id: str, template: str, context: dict, sensitive: bool = False
) -> str:
    """Render and queue one message to a person (enqueued by ``user_notify``)."""
    from balai.notifications.services import user_notify_now

    message = user_notify_now(
        user_id=user_id, template=template, context=context, sensitive=sensitive
    )
    return "skipped" if message is None else str(message.pk)
