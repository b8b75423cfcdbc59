# SPDX-License-Identifier: EUPL-1.2
"""Rules: which events (or audit reads) call for an alert.

``evaluate(event)`` runs when an event is recorded and returns the triggers it sets
off; ``mass_read_offenders()`` is the window rule that ``balai security scan`` runs
over the audit log. Thresholds are settings, read on every call.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from balai.security.models import AuditEntry
from balai.security.monitoring.constants import EventKind, RuleCode, Severity
from balai.security.monitoring.models import SecurityEvent

PERSON_READ = "person.read"

# setting name → default
DEFAULTS = {
    "SECURITY_LOGIN_FAILURE_THRESHOLD": 10,
    "SECURITY_LOGIN_FAILURE_WINDOW_MINUTES": 15,
    "SECURITY_TWO_FACTOR_FAILURE_THRESHOLD": 5,
    "SECURITY_TWO_FACTOR_FAILURE_WINDOW_MINUTES": 15,
    "SECURITY_PERMISSION_DENIED_THRESHOLD": 20,
    "SECURITY_PERMISSION_DENIED_WINDOW_MINUTES": 10,
    "SECURITY_EXPORT_DAILY_LIMIT": 10,
    "SECURITY_MASS_READ_THRESHOLD": 200,
    "SECURITY_MASS_READ_WINDOW_MINUTES": 60,
}


def setting(name: str) -> int:
    """A monitoring threshold from settings (the default when unset)."""
    return int(getattr(settings, name, DEFAULTS[name]))


@dataclasses.dataclass(frozen=True)
class Trigger:
    """A rule fired: raise (or update) the active alert with ``dedup_key``.

    ``count`` is how many events the rule saw in its window; ``new_events`` how many
    of them are new since the rule last fired (1 for a recorded event, 0 when the
    count is a running total, as for mass reads).
    """

    rule: str
    target: str
    dedup_key: str
    severity: str
    count: int
    new_events: int
    window_start: dt.datetime
    event_filter: dict[str, Any]


def _short(actor_id: uuid.UUID | str | None) -> str:
    return str(actor_id)[:8] if actor_id else "system"


def _burst(
    event: SecurityEvent,
    *,
    rule: str,
    field: str,
    target: str,
    threshold: int,
    window_minutes: int,
) -> Trigger | None:
    """Fire when ``threshold`` events of this kind share ``field`` within the window."""
    value = getattr(event, field)
    since = event.occurred_at - dt.timedelta(minutes=window_minutes)
    criteria = {"kind": event.kind, field: value}
    count = SecurityEvent.objects.filter(**criteria, occurred_at__gte=since).count()
    if count < max(threshold, 1):
        return None
    return Trigger(
        rule=rule,
        target=target,
        dedup_key=f"{rule}:{field}:{value if value is not None else '-'}",
        severity=Severity.WARNING,
        count=count,
        new_events=1,
        window_start=since,
        event_filter={"kind": event.kind, field: None if value is None else str(value)},
    )


def _user_field(event: SecurityEvent) -> str | None:
    if event.username_key:
        return "username_key"
    return "username_hint" if event.username_hint else None


def _login_failures(event: SecurityEvent) -> list[Trigger]:
    """N failures for one account, else for one IP address (one alert per burst)."""
    threshold = setting("SECURITY_LOGIN_FAILURE_THRESHOLD")
    window = setting("SECURITY_LOGIN_FAILURE_WINDOW_MINUTES")
    candidates = []
    if user_field := _user_field(event):
        candidates.append((user_field, event.username_hint))
    if event.ip:
        candidates.append(("ip", event.ip))
    for field, target in candidates:
        trigger = _burst(
            event,
            rule=RuleCode.LOGIN_FAILURES,
            field=field,
            target=target,
            threshold=threshold,
            window_minutes=window,
        )
        if trigger is not None:
            return [trigger]
    return []


def _lockout(event: SecurityEvent) -> list[Trigger]:
    field = _user_field(event) or "ip"
    value = getattr(event, field)
    return [
        Trigger(
            rule=RuleCode.LOCKOUT,
            target=event.username_hint or str(event.ip or "-"),
            dedup_key=f"{RuleCode.LOCKOUT}:{field}:{value}",
            severity=Severity.WARNING,
            count=1,
            new_events=1,
            window_start=event.occurred_at,
            event_filter={"kind": event.kind, field: value},
        )
    ]


def _two_factor_failures(event: SecurityEvent) -> list[Trigger]:
    field = "actor_id" if event.actor_id else (_user_field(event) or "ip")
    trigger = _burst(
        event,
        rule=RuleCode.TWO_FACTOR_FAILURES,
        field=field,
        target=_short(event.actor_id) if event.actor_id else event.username_hint,
        threshold=setting("SECURITY_TWO_FACTOR_FAILURE_THRESHOLD"),
        window_minutes=setting("SECURITY_TWO_FACTOR_FAILURE_WINDOW_MINUTES"),
    )
    return [trigger] if trigger else []


def _permission_denials(event: SecurityEvent) -> list[Trigger]:
    field = "actor_id" if event.actor_id else "ip"
    trigger = _burst(
        event,
        rule=RuleCode.PERMISSION_DENIALS,
        field=field,
        target=_short(event.actor_id) if event.actor_id else str(event.ip or "-"),
        threshold=setting("SECURITY_PERMISSION_DENIED_THRESHOLD"),
        window_minutes=setting("SECURITY_PERMISSION_DENIED_WINDOW_MINUTES"),
    )
    return [trigger] if trigger else []


def _export_volume(event: SecurityEvent) -> list[Trigger]:
    """More than the daily limit of exports by one actor (a calendar day, local)."""
    day = timezone.localdate(event.occurred_at)
    since = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    criteria = {"kind": event.kind, "actor_id": event.actor_id}
    count = SecurityEvent.objects.filter(**criteria, occurred_at__gte=since).count()
    if count <= setting("SECURITY_EXPORT_DAILY_LIMIT"):
        return []
    actor = str(event.actor_id) if event.actor_id else None
    return [
        Trigger(
            rule=RuleCode.EXPORT_VOLUME,
            target=_short(event.actor_id),
            dedup_key=f"{RuleCode.EXPORT_VOLUME}:{actor or '-'}:{day.isoformat()}",
            severity=Severity.WARNING,
            count=count,
            new_events=1,
            window_start=since,
            event_filter={"kind": event.kind, "actor_id": actor},
        )
    ]


def _mass_read(event: SecurityEvent) -> list[Trigger]:
    actor = str(event.actor_id) if event.actor_id else None
    window = int(event.details.get("window_minutes", 0))
    return [
        Trigger(
            rule=RuleCode.MASS_READ,
            target=_short(event.actor_id),
            dedup_key=mass_read_key(event.actor_id),
            severity=Severity.CRITICAL,
            count=int(event.details.get("reads", 1)),
            new_events=0,
            window_start=event.occurred_at - dt.timedelta(minutes=window),
            event_filter={"kind": event.kind, "actor_id": actor},
        )
    ]


def _single(
    rule: str, severity: str, key: str, target: str, event: SecurityEvent
) -> Trigger:
    return Trigger(
        rule=rule,
        target=target,
        dedup_key=f"{rule}:{key}" if key else rule,
        severity=severity,
        count=1,
        new_events=1,
        window_start=event.occurred_at,
        event_filter={"kind": event.kind},
    )


def _key_rotation(event: SecurityEvent) -> list[Trigger]:
    key_id = str(event.details.get("key_id", ""))
    return [_single(RuleCode.KEY_ROTATION, Severity.INFO, key_id, key_id, event)]


def _audit_chain_broken(event: SecurityEvent) -> list[Trigger]:
    bad_id = str(event.details.get("first_bad_id", "?"))
    return [_single(RuleCode.AUDIT_CHAIN_BROKEN, Severity.CRITICAL, "", bad_id, event)]


RULES: dict[str, Callable[[SecurityEvent], list[Trigger]]] = {
    EventKind.LOGIN_FAILED: _login_failures,
    EventKind.LOCKOUT: _lockout,
    EventKind.TWO_FACTOR_FAILED: _two_factor_failures,
    EventKind.PERMISSION_DENIED: _permission_denials,
    EventKind.EXPORT: _export_volume,
    EventKind.MASS_READ: _mass_read,
    EventKind.KEY_ROTATION: _key_rotation,
    EventKind.AUDIT_VERIFY_FAILED: _audit_chain_broken,
}


def evaluate(event: SecurityEvent) -> list[Trigger]:
    """The triggers a just-recorded event sets off (none for most events)."""
    rule = RULES.get(event.kind)
    return rule(event) if rule is not None else []


def mass_read_key(actor_id: uuid.UUID | str | None) -> str:
    return f"{RuleCode.MASS_READ}:{actor_id or '-'}"


def mass_read_offenders(now: dt.datetime | None = None) -> list[tuple[uuid.UUID, int]]:
    """Actors with more person-record reads than the threshold in the window.

    One grouped query over the window's ``person.read`` entries (the occurred_at
    range is indexed); actors with their read counts, most reads first.
    """
    since = (now or timezone.now()) - dt.timedelta(
        minutes=setting("SECURITY_MASS_READ_WINDOW_MINUTES")
    )
    rows = (
        AuditEntry.objects.filter(
            action=PERSON_READ, occurred_at__gte=since, actor_id__isnull=False
        )
        .values("actor_id")
        .annotate(reads=Count("actor_id"))
        .filter(reads__gt=setting("SECURITY_MASS_READ_THRESHOLD"))
        .order_by("-reads")
    )
    # actor_id__isnull=False above: every row names an actor
    return [(row["actor_id"], int(row["reads"])) for row in rows if row["actor_id"]]
