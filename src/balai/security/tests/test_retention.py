# SPDX-License-Identifier: EUPL-1.2
"""Retention: old security events, their IP addresses and task logs go; new stay."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from balai.security.models import AuditEntry
from balai.security.monitoring.models import SecurityEvent

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _event(days_ago: float, ip: str | None = "203.0.113.7") -> SecurityEvent:
    return SecurityEvent.objects.create(
        occurred_at=NOW - dt.timedelta(days=days_ago),
        kind="login_failed",
        severity="low",
        ip=ip,
    )


def _task_log(days_ago: float, status: str = "SUCCESSFUL") -> DBTaskResult:
    finished = NOW - dt.timedelta(days=days_ago)
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="balai.security.tasks.retention_purge_task",
        backend_name="default",
        queue_name="default",
        run_after=finished,
        finished_at=None if status in ("READY", "RUNNING") else finished,
    )


@pytest.fixture
def planted(settings):
    settings.RETENTION_SECURITY_EVENTS_DAYS = 365
    settings.RETENTION_IP_DAYS = 90
    settings.RETENTION_TASK_LOGS_DAYS = 30
    return {
        "ancient": _event(400),
        "old_ip": _event(120),
        "new": _event(10),
        "old_no_ip": _event(200, ip=None),
        "old_task": _task_log(45),
        "old_failed_task": _task_log(45, status="FAILED"),
        "new_task": _task_log(5),
        "waiting_task": _task_log(45, status="READY"),
    }


def test_purge_removes_only_what_is_past_its_retention(planted):
    audit_before = AuditEntry.objects.count()
    call_command("retention", "purge")

    assert not SecurityEvent.objects.filter(pk=planted["ancient"].pk).exists()
    planted["old_ip"].refresh_from_db()
    assert planted["old_ip"].ip is None  # the event stays, its address goes
    planted["new"].refresh_from_db()
    assert planted["new"].ip == "203.0.113.7"
    assert SecurityEvent.objects.filter(pk=planted["old_no_ip"].pk).exists()

    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert left == {planted["new_task"].pk, planted["waiting_task"].pk}

    entries = AuditEntry.objects.filter(action="retention.purge").order_by("id")
    assert [e.object_id for e in entries] == [
        "security_events",
        "security_event_ips",
        "task_logs",
    ]
    assert AuditEntry.objects.count() == audit_before + 3
    assert "1 rows" in entries[0].purpose and "2 rows" in entries[2].purpose
    assert entries[1].changes == ["ip"]


def test_dry_run_counts_and_changes_nothing(planted, capsys):
    call_command("retention", "purge", "--dry-run")
    out = capsys.readouterr().out
    assert "security_events: would purge 1 older than 365 days" in out
    assert "security_event_ips: would purge 1 older than 90 days" in out
    assert "task_logs: would purge 2 older than 30 days" in out
    assert SecurityEvent.objects.count() == 4
    assert DBTaskResult.objects.count() == 4
    assert not AuditEntry.objects.filter(action="retention.purge").exists()


def test_nothing_to_purge_writes_no_audit_entry(settings):
    _event(1)
    call_command("retention", "purge")
    assert not AuditEntry.objects.filter(action="retention.purge").exists()


def test_zero_days_keeps_for_ever(planted, settings, capsys):
    settings.RETENTION_SECURITY_EVENTS_DAYS = 0
    settings.RETENTION_IP_DAYS = 0
    call_command("retention", "purge")
    assert SecurityEvent.objects.count() == 4
    assert SecurityEvent.objects.filter(ip__isnull=False).count() == 3
    assert "security_events: kept for ever" in capsys.readouterr().out


def test_the_periodic_task_runs_the_same_purge(planted):
    from balai.security.tasks import retention_purge_task

    result = retention_purge_task.enqueue()
    assert result.return_value == {
        "security_events": 1,
        "security_event_ips": 1,
        "audit_ips": 0,
        "task_logs": 2,
    }
