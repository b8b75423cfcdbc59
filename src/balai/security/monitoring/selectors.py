# SPDX-License-Identifier: EUPL-1.2
"""Reads of security monitoring: the alert list, one alert, recent event counts."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.utils import timezone

from balai.security.monitoring.constants import (
    SEVERITY_RANK,
    AlertStatus,
    EventKind,
)
from balai.security.monitoring.models import SecurityAlert, SecurityEvent
from balai.security.monitoring.policies import can_view_alerts, visible_alerts

_STATUS_ORDER = Case(
    When(status=AlertStatus.OPEN, then=Value(0)),
    When(status=AlertStatus.ACKNOWLEDGED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)
_SEVERITY_ORDER = Case(
    *(When(severity=code, then=Value(-rank)) for code, rank in SEVERITY_RANK.items()),
    default=Value(0),
    output_field=IntegerField(),
)
# Filters a stored event_filter may use (it is written by the rules, never by users).
_EVENT_FILTER_FIELDS = frozenset(
    {"kind", "actor_id", "ip", "username_key", "username_hint"}
)


def alert_list(
    *, user: Any, status: str = "", severity: str = ""
) -> QuerySet[SecurityAlert]:
    """Alerts ``user`` may see: open, then acknowledged; graver and newer first."""
    alerts = visible_alerts(user)
    if status:
        alerts = alerts.filter(status=status)
    if severity:
        alerts = alerts.filter(severity=severity)
    return alerts.order_by(_STATUS_ORDER, _SEVERITY_ORDER, "-last_seen")


def alert_get(*, user: Any, alert_id: uuid.UUID | str) -> SecurityAlert | None:
    """The alert if ``user`` may see it, else None."""
    return visible_alerts(user).filter(pk=alert_id).first()


def alert_events(alert: SecurityAlert, *, limit: int = 50) -> list[SecurityEvent]:
    """The newest events behind ``alert`` (its rule's group since its window)."""
    criteria = {
        name: value
        for name, value in (alert.event_filter or {}).items()
        if name in _EVENT_FILTER_FIELDS
    }
    if "kind" not in criteria:
        return []
    events = SecurityEvent.objects.filter(
        **criteria, occurred_at__gte=alert.window_start
    )
    return list(events.order_by("-occurred_at", "-id")[:limit])


def event_counts_by_kind(*, user: Any, hours: int = 24) -> list[dict[str, Any]]:
    """``{"kind", "label", "count"}`` per kind over the last ``hours``."""
    if not can_view_alerts(user):
        return []
    since = timezone.now() - dt.timedelta(hours=hours)
    counted = dict(
        SecurityEvent.objects.filter(occurred_at__gte=since)
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        {"kind": kind.value, "label": kind.label, "count": counted.get(kind.value, 0)}
        for kind in EventKind
    ]
