# SPDX-License-Identifier: EUPL-1.2
"""Writes of security monitoring: record events, raise and handle alerts.

Recording an event runs the rules at once; a new (or escalated) alert is announced
with ``signals.alert_raised`` after commit. Acknowledging and resolving are policy
checked and written to the audit log.
"""

from __future__ import annotations

import ipaddress
import logging
import uuid
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError, NotFound
from balai.core.middleware import current_client_ip, current_request_id
from balai.security import audit
from balai.security.masking import mask_identifier
from balai.security.monitoring import policies, rules
from balai.security.monitoring.constants import (
    ACTIVE_STATUSES,
    ALERT_NOT_ACTIVE,
    ALERT_NOT_OPEN,
    DEFAULT_EVENT_SEVERITY,
    RESOLUTION_NOTE_REQUIRED,
    SEVERITY_RANK,
    AlertStatus,
    EventKind,
    Severity,
    alert_title,
)
from balai.security.monitoring.masking import username_digest
from balai.security.monitoring.models import SecurityAlert, SecurityEvent
from balai.security.monitoring.signals import alert_raised

logger = logging.getLogger(__name__)

MAX_DETAIL_TEXT = 120
MAX_NOTE = 2000
ALERT_OBJECT_TYPE = "security.securityalert"


def security_event_record(
    *,
    kind: str,
    severity: str | None = None,
    actor: Any = None,
    actor_id: uuid.UUID | str | None = None,
    ip: str | None = None,
    path: str = "",
    details: dict[str, Any] | None = None,
    username_hint: str = "",
    username: str = "",
) -> SecurityEvent:
    """Store one event and raise the alerts its rules call for, atomically.

    ``username`` is what someone typed (it is masked and digested, never stored);
    ``username_hint`` an already masked one. The request id and, unless ``ip`` is
    given, the client address come from the current request. ``details`` keeps
    scalar values only: codes and counts, never personal data.
    """
    if kind not in EventKind.values:
        raise ValueError(f"Unknown security event kind {kind!r}.")
    event = SecurityEvent(
        occurred_at=timezone.now(),
        kind=kind,
        severity=severity or DEFAULT_EVENT_SEVERITY[EventKind(kind)],
        actor_id=_actor_id(actor, actor_id),
        username_hint=mask_identifier(username or username_hint),
        username_key=username_digest(username),
        ip=_valid_ip(ip) or current_client_ip(),
        request_id=current_request_id(),
        path=(path or "")[:200],
        details=_scalars(details),
    )
    event.full_clean()
    with transaction.atomic():
        event.save(force_insert=True)
        for trigger in rules.evaluate(event):
            alert_raise(trigger=trigger)
    logger.info("security.event kind=%s id=%s", kind, event.pk)
    return event


def security_export_record(*, actor: Any, dataset: str, channel: str) -> SecurityEvent:
    """Record that ``actor`` (None: the system) exported ``dataset`` (a code)."""
    return security_event_record(
        kind=EventKind.EXPORT,
        actor=actor,
        details={"dataset": dataset, "channel": channel},
    )


@transaction.atomic
def alert_raise(*, trigger: rules.Trigger) -> SecurityAlert:
    """Open an alert for ``trigger``, or update the active one with its dedup key."""
    now = timezone.now()
    for _attempt in range(3):
        alert = (
            SecurityAlert.objects.select_for_update()
            .filter(dedup_key=trigger.dedup_key, status__in=ACTIVE_STATUSES)
            .first()
        )
        if alert is not None:
            return _alert_update(alert, trigger, now)
        created = _alert_create(trigger, now)
        if created is not None:
            return created
    raise RuntimeError(f"Could not raise alert {trigger.dedup_key!r}.")


def _alert_create(trigger: rules.Trigger, now: Any) -> SecurityAlert | None:
    with translation.override("en"):
        title = alert_title(trigger.rule, trigger.target)[:200]
    alert = SecurityAlert(
        rule=trigger.rule,
        target=trigger.target[:120],
        title=title,
        severity=trigger.severity,
        dedup_key=trigger.dedup_key[:200],
        event_filter=trigger.event_filter,
        window_start=trigger.window_start,
        first_seen=now,
        last_seen=now,
        event_count=max(trigger.count, trigger.new_events, 1),
    )
    alert.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():  # a concurrent writer may have opened it
            alert.save(force_insert=True)
    except IntegrityError:
        return None
    logger.warning(
        "security.alert_raised id=%s rule=%s severity=%s",
        alert.pk,
        alert.rule,
        alert.severity,
    )
    _announce_after_commit(alert)
    return alert


def _alert_update(
    alert: SecurityAlert, trigger: rules.Trigger, now: Any
) -> SecurityAlert:
    count = max(alert.event_count + trigger.new_events, trigger.count)
    escalated = (
        SEVERITY_RANK[Severity(trigger.severity)]
        > SEVERITY_RANK[Severity(alert.severity)]
    )
    if count == alert.event_count and not escalated:
        return alert
    alert.event_count, alert.last_seen = count, now
    if escalated:
        alert.severity = trigger.severity
    alert.save(update_fields=["event_count", "last_seen", "severity"])
    if escalated:
        _announce_after_commit(alert)
    return alert


def _announce_after_commit(alert: SecurityAlert) -> None:
    transaction.on_commit(
        partial(
            alert_raised.send,
            sender=SecurityAlert,
            alert_id=str(alert.pk),
            severity=alert.severity,
            title=alert.title,
            rule=alert.rule,
            target=alert.target,
        )
    )


@transaction.atomic
def alert_acknowledge(*, alert_id: uuid.UUID | str, actor: Any) -> SecurityAlert:
    """Mark an open alert as being handled by ``actor`` (policy-checked, audited)."""
    policies.ensure_can_manage_alerts(actor)
    alert = _locked(alert_id)
    if alert.status != AlertStatus.OPEN:
        raise BalaiError(
            _("Only an open alert can be acknowledged."), code=ALERT_NOT_OPEN
        )
    alert.status = AlertStatus.ACKNOWLEDGED
    alert.acknowledged_by_id, alert.acknowledged_at = actor.pk, timezone.now()
    fields = ["status", "acknowledged_by_id", "acknowledged_at"]
    alert.save(update_fields=fields)
    audit.record(
        actor=actor,
        action="security_alert.acknowledge",
        object_type=ALERT_OBJECT_TYPE,
        object_id=str(alert.pk),
        changes=fields,
    )
    return alert


@transaction.atomic
def alert_resolve(*, alert_id: uuid.UUID | str, actor: Any, note: str) -> SecurityAlert:
    """Close an open or acknowledged alert with a note (policy-checked, audited)."""
    policies.ensure_can_manage_alerts(actor)
    note = (note or "").strip()
    if not note:
        raise BalaiError(
            _("Say what was found and done."),
            code=RESOLUTION_NOTE_REQUIRED,
            field_errors={"note": [_("A note is required.")]},
        )
    alert = _locked(alert_id)
    if alert.status not in ACTIVE_STATUSES:
        raise BalaiError(_("This alert is already resolved."), code=ALERT_NOT_ACTIVE)
    alert.status = AlertStatus.RESOLVED
    alert.resolved_by_id, alert.resolved_at = actor.pk, timezone.now()
    alert.resolution_note = note[:MAX_NOTE]
    fields = ["status", "resolved_by_id", "resolved_at", "resolution_note"]
    alert.save(update_fields=fields)
    audit.record(
        actor=actor,
        action="security_alert.resolve",
        object_type=ALERT_OBJECT_TYPE,
        object_id=str(alert.pk),
        changes=fields,
    )
    return alert


def _locked(alert_id: uuid.UUID | str) -> SecurityAlert:
    alert = SecurityAlert.objects.select_for_update().filter(pk=alert_id).first()
    if alert is None:
        raise NotFound(_("There is no such alert."))
    return alert


def _actor_id(actor: Any, actor_id: uuid.UUID | str | None) -> uuid.UUID | None:
    if actor is not None and getattr(actor, "is_authenticated", True):
        actor_id = getattr(actor, "pk", None)
    if isinstance(actor_id, uuid.UUID) or actor_id is None:
        return actor_id
    try:
        return uuid.UUID(str(actor_id))
    except ValueError:  # not a UUID (or empty): the event stays anonymous
        return None


def _valid_ip(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address(value)) if value else None
    except ValueError:
        return None


def _scalars(details: dict[str, Any] | None) -> dict[str, Any]:
    """Keep scalar values only, strings cut short: details are codes and counts."""
    kept: dict[str, Any] = {}
    for key, value in (details or {}).items():
        if isinstance(value, bool | int | float) or value is None:
            kept[str(key)[:40]] = value
        elif isinstance(value, str):
            kept[str(key)[:40]] = value[:MAX_DETAIL_TEXT]
    return kept
