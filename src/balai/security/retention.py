# SPDX-License-Identifier: EUPL-1.2
"""Retention: what security monitoring and the task queue keep, and for how long.

After their retention period (settings ``RETENTION_*_DAYS``, 0 = keep for ever):

- security events (failed logins, denied requests, ...) are deleted;
- the IP address a younger security event holds is blanked earlier
  (``RETENTION_IP_DAYS``): the event stays for the counts, the address goes;
- the logs of finished background tasks (their arguments, return values and
  tracebacks in the database queue) are deleted; waiting and running tasks stay.

- the IP address in an audit entry is blanked after ``RETENTION_IP_DAYS`` too, for
  entries of chain version 4 and later, whose hash covers a keyed digest of the
  address and not the address (``balai.security.audit.chain``); the entry and its
  digest stay and ``balai audit verify`` still passes. Entries of older versions keep
  their address (it is inside their hash); they are counted as ``kept``.

Each purge that removes something writes one audit entry (``retention.purge``) with
what it removed and the cut-off, never the rows themselves. Audit entries themselves
are never deleted (docs/security.md, Retention).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from balai.security.audit import record
from balai.security.audit.chain import IP_DIGEST_VERSION
from balai.security.models import AuditEntry
from balai.security.monitoring.models import SecurityEvent

logger = logging.getLogger(__name__)

FINISHED_TASK_STATUSES = ("SUCCESSFUL", "FAILED")


@dataclasses.dataclass(frozen=True)
class PurgeItem:
    """One kind of data: how many rows were (or would be) purged, older than when."""

    what: str
    rows: int
    before: dt.datetime | None
    days: int
    # Rows past the cut-off that cannot be purged (audit entries of chain versions
    # before 4, whose hash covers the address itself).
    kept: int = 0


def _cutoff(days: int, now: dt.datetime) -> dt.datetime | None:
    return None if days <= 0 else now - dt.timedelta(days=days)


def _task_results() -> type | None:
    if "django_tasks_db" not in settings.INSTALLED_APPS:
        return None
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult


def _audit(item: PurgeItem, object_type: str, changes: list[str]) -> None:
    assert item.before is not None
    record(
        actor=None,
        action="retention.purge",
        object_type=object_type,
        object_id=item.what,
        purpose=(
            f"retention {item.days} days: {item.rows} rows before "
            f"{item.before.isoformat(timespec='seconds')}"
        ),
        changes=changes,
    )


def retention_purge(
    *, dry_run: bool = False, now: dt.datetime | None = None
) -> list[PurgeItem]:
    """Purge what is past its retention period; with ``dry_run`` only count it."""
    now = now or timezone.now()
    items: list[PurgeItem] = []

    events_days = settings.RETENTION_SECURITY_EVENTS_DAYS
    ip_days = settings.RETENTION_IP_DAYS
    tasks_days = settings.RETENTION_TASK_LOGS_DAYS

    never = dt.datetime.min.replace(tzinfo=dt.UTC)  # cut-off of "keep for ever"
    with transaction.atomic():
        before = _cutoff(events_days, now)
        old_events = SecurityEvent.objects.filter(occurred_at__lt=before or never)
        item = PurgeItem("security_events", old_events.count(), before, events_days)
        if item.rows and not dry_run:
            old_events.delete()
            _audit(item, "security.SecurityEvent", [])
        items.append(item)

        with_ip = SecurityEvent.objects.filter(
            occurred_at__lt=_cutoff(ip_days, now) or never, ip__isnull=False
        )
        if before is not None:  # a dry run counts those deleted above once
            with_ip = with_ip.filter(occurred_at__gte=before)
        item = PurgeItem(
            "security_event_ips", with_ip.count(), _cutoff(ip_days, now), ip_days
        )
        if item.rows and not dry_run:
            with_ip.update(ip=None)
            _audit(item, "security.SecurityEvent", ["ip"])
        items.append(item)

        before = _cutoff(ip_days, now)
        old_audit: QuerySet[AuditEntry] = QuerySet(model=AuditEntry).filter(
            occurred_at__lt=before or never, ip__isnull=False
        )
        purgeable = old_audit.filter(chain_version__gte=IP_DIGEST_VERSION)
        item = PurgeItem(
            "audit_ips",
            purgeable.count(),
            before,
            ip_days,
            kept=old_audit.filter(chain_version__lt=IP_DIGEST_VERSION).count(),
        )
        if item.rows and not dry_run:
            # The manager refuses updates; the triggers let exactly this one through.
            purgeable.update(ip=None)
            _audit(item, "security.AuditEntry", ["ip"])
        items.append(item)

        model = _task_results()
        if model is not None:
            before = _cutoff(tasks_days, now)
            done = model.objects.filter(  # type: ignore[attr-defined]
                status__in=FINISHED_TASK_STATUSES, finished_at__lt=before or never
            )
            item = PurgeItem("task_logs", done.count(), before, tasks_days)
            if item.rows and not dry_run:
                done.delete()
                _audit(item, "django_tasks_db.DBTaskResult", [])
            items.append(item)

    for item in items:
        logger.info(
            "retention.purge what=%s rows=%s kept=%s dry_run=%s",
            item.what,
            item.rows,
            item.kept,
            dry_run,
        )
    return items
