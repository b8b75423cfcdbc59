# SPDX-License-Identifier: EUPL-1.2
"""Reads of the notifications app."""

from __future__ import annotations

import uuid

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from balai.notifications.constants import Status
from balai.notifications.models import Message


def message_list_for_user(user_id: str | uuid.UUID | None) -> QuerySet[Message]:
    """The messages sent to one user ("my messages"), newest first."""
    try:
        key = uuid.UUID(str(user_id))
    except (TypeError, ValueError):
        return Message.objects.none()
    return Message.objects.filter(user_id=key).order_by("-created_at")


def message_ids_due(*, limit: int = 100) -> list[uuid.UUID]:
    """Ids of messages due for an attempt (queued, failed, or an expired lease)."""
    now = timezone.now()
    due = Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True)
    return list(
        Message.objects.filter(
            due, status__in=[Status.QUEUED, Status.FAILED, Status.SENDING]
        )
        .order_by("next_attempt_at", "created_at")
        .values_list("id", flat=True)[: max(limit, 0)]
    )


def message_status_counts() -> dict[str, int]:
    """How many messages the outbox holds in each status (every status present)."""
    rows = Message.objects.values("status").annotate(total=Count("id")).order_by()
    counts = dict.fromkeys(Status.values, 0)
    counts.update({row["status"]: row["total"] for row in rows})
    return counts
