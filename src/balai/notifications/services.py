# SPDX-License-Identifier: EUPL-1.2
"""Writes of the notifications app: queue a message, deliver it, retry it.

Delivery is at-most-once per attempt: a worker claims a due row under
``select_for_update`` (status ``sending`` with a lease), sends outside the transaction,
then records the outcome. A worker that dies mid-send leaves a lease that expires, after
which the message is due again.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from balai.core.errors import BalaiError, NotFound
from balai.notifications import policies, selectors
from balai.notifications.backends import DeliveryError, get_backend
from balai.notifications.constants import (
    BACKOFF_BASE_MINUTES,
    BACKOFF_FACTOR,
    BACKOFF_MAX_MINUTES,
    LAST_ERROR_MAX_LENGTH,
    REDACTED_BODY,
    SENDING_LEASE_MINUTES,
    Channel,
    ErrorCode,
    Status,
)
from balai.notifications.models import Message
from balai.notifications.privacy import scrub
from balai.notifications.rendering import render_message
from balai.notifications.tasks import message_deliver_task, user_notify_task

logger = logging.getLogger(__name__)

_DUE_STATUSES = {Status.QUEUED, Status.FAILED, Status.SENDING}
_RETRYABLE_STATUSES = {Status.QUEUED, Status.FAILED, Status.DEAD}


@transaction.atomic
def message_send(
    *,
    channel: str,
    recipient: str,
    template: str,
    context: dict[str, Any],
    language: str = "id",
    user_id: str | None = None,
    sensitive: bool = False,
) -> Message:
    """Render ``template`` and queue one message; delivery is enqueued after commit."""
    if channel not in Channel.values:
        raise BalaiError(
            gettext("Unknown channel %(channel)s.") % {"channel": channel},
            code=ErrorCode.UNKNOWN_CHANNEL,
        )
    recipient = (recipient or "").strip()
    if not recipient:
        raise BalaiError(
            gettext("A message needs a recipient."), code=ErrorCode.MISSING_RECIPIENT
        )
    rendered = render_message(template=template, context=context, language=language)
    message = Message(
        channel=channel,
        recipient=recipient,
        user_id=user_id or None,
        template=template,
        language=rendered.language,
        subject=rendered.subject,
        body=rendered.body,
        sensitive=sensitive,
        max_attempts=max(1, int(settings.NOTIFICATIONS.get("max_attempts") or 5)),
        next_attempt_at=timezone.now(),
    )
    message.full_clean()
    message.save(force_insert=True)
    logger.info(
        "notifications.queued id=%s channel=%s template=%s",
        message.pk,
        channel,
        template,
    )
    _enqueue_after_commit(message)
    return message


def contact_for(user: Any) -> tuple[str, str] | None:
    """THE choice of channel for a person: (channel, address), or None if unreachable.

    The preferred channel when the person has an address for it, else e-mail, else
    SMS. Every app reaches people through :func:`user_notify`, which asks here.
    """
    by_channel = {
        Channel.EMAIL: getattr(user, "email", "") or "",
        Channel.SMS: getattr(user, "phone", "") or "",
        Channel.WHATSAPP: getattr(user, "phone", "") or "",
    }
    preferred = getattr(user, "preferred_channel", "") or Channel.EMAIL
    for channel in (preferred, Channel.EMAIL, Channel.SMS):
        if by_channel.get(channel):
            return str(channel), str(by_channel[channel])
    return None


def user_notify(
    *,
    user_id: str,
    template: str,
    context: dict[str, Any],
    sensitive: bool = False,
) -> None:
    """Tell a person something: ONE way for every app.

    ``template`` names ``notifications/messages/<template>.<id|en>.txt``; ``context``
    must survive a JSON round trip (ids and texts, links built with
    ``balai.core.links``). Nothing happens before the caller's transaction commits;
    then a task renders the message in the person's language, on the channel chosen
    by :func:`contact_for`, and queues it for delivery.
    """
    try:
        payload = json.loads(json.dumps(context))
    except (TypeError, ValueError) as exc:
        raise TypeError(f"user_notify context must be JSON-safe: {exc}") from exc
    # robust: a queue that is down must not turn the caller's committed work into an
    # error; the failure is logged by Django and the step stays done.
    transaction.on_commit(
        partial(
            user_notify_task.enqueue,
            user_id=str(user_id),
            template=template,
            context=payload,
            sensitive=sensitive,
        ),
        robust=True,
    )


def user_notify_now(
    *, user_id: str, template: str, context: dict[str, Any], sensitive: bool = False
) -> Message | None:
    """Render and queue the message for ``user_id`` (the body of the task)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        logger.info("notifications.notify_skipped reason=no_user user=%s", user_id)
        return None
    contact = contact_for(user)
    if contact is None:
        logger.info("notifications.notify_skipped reason=no_contact user=%s", user_id)
        return None
    channel, recipient = contact
    return message_send(
        channel=channel,
        recipient=recipient,
        template=template,
        context=context,
        language=getattr(user, "language", "") or "id",
        user_id=str(user.pk),
        sensitive=sensitive,
    )


def message_deliver(*, message_id: str) -> Message:
    """Send the message if it is due; sent or dead messages are never sent again."""
    message, _attempted = _deliver(message_id)
    return message


def messages_deliver_due(*, limit: int = 100) -> int:
    """Attempt up to ``limit`` due messages, oldest first; return the number tried."""
    attempted = 0
    for message_id in selectors.message_ids_due(limit=limit):
        try:
            _message, tried = _deliver(str(message_id))
        except NotFound:
            continue
        attempted += tried
    return attempted


@transaction.atomic
def message_retry(*, message_id: str, actor: Any) -> Message:
    """Queue a queued, failed or dead message for an attempt now (policy-checked)."""
    policies.ensure_can_retry_message(actor)
    message = _locked(message_id)
    if message.status not in _RETRYABLE_STATUSES or message.body == REDACTED_BODY:
        raise BalaiError(
            gettext("This message cannot be sent again."),
            code=ErrorCode.MESSAGE_NOT_RETRYABLE,
        )
    message.status = Status.QUEUED
    message.next_attempt_at = timezone.now()
    message.max_attempts = max(message.max_attempts, message.attempts + 1)
    message.full_clean()
    message.save(
        update_fields=["status", "next_attempt_at", "max_attempts", "updated_at"]
    )
    logger.info(
        "notifications.retry id=%s actor=%s", message.pk, getattr(actor, "pk", "")
    )
    _enqueue_after_commit(message)
    return message


def retry_delay(attempts: int) -> dt.timedelta:
    """Backoff after the ``attempts``-th failure: 1, 5, 25 ... minutes, capped."""
    exponent = max(attempts - 1, 0)
    minutes = min(BACKOFF_BASE_MINUTES * BACKOFF_FACTOR**exponent, BACKOFF_MAX_MINUTES)
    return dt.timedelta(minutes=minutes)


def _enqueue_after_commit(message: Message) -> None:
    # robust: if the task queue is down, the row stays due and cron picks it up.
    transaction.on_commit(
        partial(message_deliver_task.enqueue, message_id=str(message.pk)), robust=True
    )


def _deliver(message_id: str) -> tuple[Message, bool]:
    message, claimed = _claim(message_id)
    if not claimed:
        return message, False
    try:
        provider_id = get_backend(message.channel).send(message)
    except DeliveryError as exc:
        return _record_failure(message, exc.message, permanent=exc.permanent), True
    except ImproperlyConfigured as exc:
        return _record_failure(message, str(exc), permanent=False), True
    except (
        Exception
    ) as exc:  # a plugin boundary: a buggy backend must not wedge the row
        # No traceback in the log: exception texts may quote the address.
        logger.error(
            "notifications.backend_crashed id=%s error=%s",
            message.pk,
            type(exc).__name__,
        )
        error = f"Unexpected {type(exc).__name__} in the {message.channel} backend."
        return _record_failure(message, error, permanent=False), True
    return _record_success(message, provider_id), True


@transaction.atomic
def _claim(message_id: str) -> tuple[Message, bool]:
    """Lock the row; if due, mark it ``sending`` with a lease (next_attempt_at)."""
    message = _locked(message_id)
    now = timezone.now()
    due = message.next_attempt_at is None or message.next_attempt_at <= now
    if message.status not in _DUE_STATUSES or not due:
        return message, False
    if message.attempts >= message.max_attempts:
        # The worker holding the last attempt died; never exceed max_attempts.
        message.last_error = "Delivery was interrupted on the last attempt."
        _give_up(message)
        message.save(update_fields=_OUTCOME_FIELDS)
        return message, False
    message.status = Status.SENDING
    message.attempts += 1
    message.next_attempt_at = now + dt.timedelta(minutes=SENDING_LEASE_MINUTES)
    message.save(update_fields=["status", "attempts", "next_attempt_at", "updated_at"])
    return message, True


_OUTCOME_FIELDS = [
    "status",
    "body",
    "next_attempt_at",
    "last_error",
    "sent_at",
    "provider_message_id",
    "updated_at",
]


def _record_success(message: Message, provider_id: str | None) -> Message:
    message.status = Status.SENT
    message.sent_at = timezone.now()
    message.next_attempt_at = None
    message.provider_message_id = (provider_id or "")[:255]
    message.last_error = ""
    _redact(message)
    message.save(update_fields=_OUTCOME_FIELDS)
    logger.info(
        "notifications.sent id=%s channel=%s template=%s attempt=%s",
        message.pk,
        message.channel,
        message.template,
        message.attempts,
    )
    return message


def _record_failure(message: Message, error: str, *, permanent: bool) -> Message:
    message.last_error = scrub(error, message.recipient, limit=LAST_ERROR_MAX_LENGTH)
    if permanent or message.attempts >= message.max_attempts:
        _give_up(message)
    else:
        message.status = Status.FAILED
        message.next_attempt_at = timezone.now() + retry_delay(message.attempts)
    message.save(update_fields=_OUTCOME_FIELDS)
    logger.warning(
        "notifications.%s id=%s channel=%s template=%s attempt=%s/%s permanent=%s",
        message.status,
        message.pk,
        message.channel,
        message.template,
        message.attempts,
        message.max_attempts,
        permanent,
    )
    return message


def _give_up(message: Message) -> None:
    message.status = Status.DEAD
    message.next_attempt_at = None
    _redact(message)


def _redact(message: Message) -> None:
    # One-time codes must not outlive their delivery in the database.
    if message.sensitive:
        message.body = REDACTED_BODY


def _locked(message_id: str) -> Message:
    try:
        return Message.objects.select_for_update().get(pk=message_id)
    except (Message.DoesNotExist, ValidationError) as exc:
        raise NotFound(gettext("There is no such message.")) from exc
