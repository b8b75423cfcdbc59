# SPDX-License-Identifier: EUPL-1.2
"""Rules over time windows: mass reads (scan), exports, key rotation, audit chain."""

from __future__ import annotations

import datetime as dt
import uuid
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

import pytest

from balai.accounts.testing import verified
from balai.accounts.tests.factories import StaffFactory
from balai.security.audit.export import audit_export
from balai.security.monitoring import rules
from balai.security.monitoring.constants import (
    AlertStatus,
    EventKind,
    RuleCode,
    Severity,
)
from balai.security.monitoring.models import SecurityAlert, SecurityEvent
from balai.security.monitoring.services import security_event_record
from balai.security.selectors import AuditFilters
from balai.security.tests.audit_support import (
    TABLE,
    as_database_administrator,
    officer,
    record_many,
    verify_failure,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("monitoring", "low_thresholds"),
]


def _scan() -> str:
    out = StringIO()
    call_command("security", "scan", stdout=out)
    return out.getvalue()


def test_mass_reads_by_one_officer_raise_a_critical_alert_via_the_scan():
    reader, other = officer(), officer()
    record_many(6, actor=reader)  # threshold 5: more than 5 reads
    record_many(5, actor=other)  # at the threshold: fine

    output = _scan()

    assert "1 actor(s)" in output
    alert = SecurityAlert.objects.get()
    assert alert.rule == RuleCode.MASS_READ
    assert alert.severity == Severity.CRITICAL
    assert alert.event_count == 6
    assert alert.event_filter["actor_id"] == str(reader.pk)
    event = SecurityEvent.objects.get(kind=EventKind.MASS_READ)
    assert event.actor_id == reader.pk
    assert event.details == {"reads": 6, "window_minutes": 60, "threshold": 5}


def test_the_scan_is_idempotent_and_follows_further_reads():
    reader = officer()
    record_many(6, actor=reader)
    _scan()
    _scan()
    assert SecurityEvent.objects.filter(kind=EventKind.MASS_READ).count() == 1

    record_many(3, actor=reader)
    _scan()

    alert = SecurityAlert.objects.get()
    assert alert.event_count == 9
    assert SecurityEvent.objects.filter(kind=EventKind.MASS_READ).count() == 2


def test_reads_outside_the_window_do_not_count(settings):
    record_many(6, actor=officer())
    later = timezone.now() + dt.timedelta(minutes=61)

    assert rules.mass_read_offenders(now=later) == []
    assert rules.mass_read_offenders() != []


def test_the_scan_counts_with_one_query(django_assert_num_queries):
    for _ in range(3):
        record_many(2, actor=officer())
    with django_assert_num_queries(1):
        assert rules.mass_read_offenders() == []


def test_a_failing_audit_verification_raises_a_critical_alert():
    entries = record_many(3)
    with as_database_administrator() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET purpose = 'nothing to see' WHERE id = %s",
            [entries[1].id],
        )

    verify_failure()
    verify_failure()  # cron runs it again: the same alert

    alert = SecurityAlert.objects.get()
    assert alert.rule == RuleCode.AUDIT_CHAIN_BROKEN
    assert alert.severity == Severity.CRITICAL
    assert alert.target == str(entries[1].seq)  # the chain position
    assert alert.event_count == 2
    event = SecurityEvent.objects.filter(kind=EventKind.AUDIT_VERIFY_FAILED).first()
    assert event.details == {"first_bad_id": entries[1].seq, "code": "modified"}


def test_an_intact_chain_raises_nothing():
    record_many(2)
    call_command("audit", "verify", stdout=StringIO())
    assert not SecurityEvent.objects.exists()


def test_exports_are_events_and_too_many_in_a_day_alert():
    auditor = verified(StaffFactory(roles=["auditor"]))
    for _ in range(2):
        audit_export(actor=auditor, filters=AuditFilters(), channel="web")
    assert SecurityEvent.objects.filter(kind=EventKind.EXPORT).count() == 2
    assert not SecurityAlert.objects.exists()

    audit_export(actor=auditor, filters=AuditFilters(), channel="web")

    alert = SecurityAlert.objects.get()
    assert alert.rule == RuleCode.EXPORT_VOLUME
    event = SecurityEvent.objects.filter(kind=EventKind.EXPORT).first()
    assert event.actor_id == auditor.pk
    assert event.details == {"dataset": "audit_log", "channel": "web"}


def test_command_line_export_is_recorded_without_the_os_user():
    call_command("audit", "export", stdout=StringIO())
    event = SecurityEvent.objects.get(kind=EventKind.EXPORT)
    assert event.actor_id is None
    assert event.details == {"dataset": "audit_log", "channel": "command-line"}


def test_key_rotation_raises_an_info_alert():
    call_command("keys", "rotate", "--no-progress", stdout=StringIO())

    alert = SecurityAlert.objects.get()
    assert alert.rule == RuleCode.KEY_ROTATION
    assert alert.severity == Severity.INFO
    event = SecurityEvent.objects.get(kind=EventKind.KEY_ROTATION)
    assert event.details["key_id"] == alert.target


def test_a_resolved_alert_is_not_reopened_a_new_one_is_raised():
    actor_id = uuid.uuid4()
    for _ in range(3):
        security_event_record(kind=EventKind.TWO_FACTOR_FAILED, actor_id=actor_id)
    first = SecurityAlert.objects.get()
    SecurityAlert.objects.filter(pk=first.pk).update(status=AlertStatus.RESOLVED)

    security_event_record(kind=EventKind.TWO_FACTOR_FAILED, actor_id=actor_id)

    assert SecurityAlert.objects.count() == 2
    second = SecurityAlert.objects.get(status=AlertStatus.OPEN)
    assert second.dedup_key == first.dedup_key
    assert second.event_count == 4


def test_an_acknowledged_alert_still_absorbs_new_events():
    actor_id = uuid.uuid4()
    for _ in range(3):
        security_event_record(kind=EventKind.PERMISSION_DENIED, actor_id=actor_id)
    SecurityAlert.objects.update(status=AlertStatus.ACKNOWLEDGED)

    security_event_record(kind=EventKind.PERMISSION_DENIED, actor_id=actor_id)

    alert = SecurityAlert.objects.get()
    assert alert.event_count == 4
    assert alert.status == AlertStatus.ACKNOWLEDGED


def test_details_keep_scalars_only():
    event = security_event_record(
        kind=EventKind.OTHER,
        details={"count": 3, "code": "x" * 500, "person": {"name": "Ani"}},
    )
    assert event.details == {"count": 3, "code": "x" * 120}
    assert not SecurityAlert.objects.exists()
