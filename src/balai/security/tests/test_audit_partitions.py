# SPDX-License-Identifier: EUPL-1.2
"""The audit log partitioned by month on PostgreSQL (``balai partitions apply``):
the chain still seals, verifies and refuses tampering, and a query over a time range
reads only the months it needs (EXPLAIN names only their partitions)."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

import pytest

from balai.core import partitions
from balai.security.audit import seal_pending
from balai.security.audit.verify import verify_chain
from balai.security.models import AuditEntry
from balai.security.tests.audit_support import (
    TABLE,
    as_database_administrator,
    record_many,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="partitioning: PostgreSQL only"
    ),
]

SPEC = partitions.TABLES[0]


def _plan(sql: str, params: list) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def partitioned():
    before = record_many(5)  # rows written before the conversion are kept
    call_command("partitions", "apply")
    assert partitions.is_partitioned(TABLE)
    return before


def test_apply_keeps_every_entry_and_the_chain(partitioned, capsys):
    assert AuditEntry.objects.count() == 5
    assert verify_chain().ok
    later = record_many(3)
    assert later[-1].seq == 8
    assert later[0].id > partitioned[-1].id  # the id sequence goes on
    result = verify_chain()
    assert (result.ok, result.checked) == (True, 8)
    call_command("partitions", "apply")  # a second run changes nothing
    assert "already partitioned" in capsys.readouterr().out


def test_the_current_month_is_a_partition_and_ensure_adds_months(partitioned):
    now = timezone.now().astimezone(dt.UTC).date()
    names = partitions.partitions(TABLE)
    assert partitions.partition_name(TABLE, now.replace(day=1)) in names
    assert f"{TABLE}_default" in names
    far = (now.replace(day=1) + dt.timedelta(days=400)).replace(day=1)
    created = partitions.ensure(SPEC, today=far, ahead=1)
    assert partitions.partition_name(TABLE, far) in created


def test_a_time_range_query_reads_only_its_month(partitioned):
    now = timezone.now().astimezone(dt.UTC)
    start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    sql, params = (
        AuditEntry.objects.filter(occurred_at__gte=start, occurred_at__lt=end)
        .values("id")
        .query.sql_with_params()
    )
    plan = _plan(sql, list(params))
    this_month = partitions.partition_name(TABLE, start.date())
    assert this_month in plan
    others = [p for p in partitions.partitions(TABLE) if p != this_month]
    assert len(others) >= 3
    for other in others:
        assert other not in plan, plan
    # without a time condition every partition is read
    everything = _plan(f"SELECT id FROM {TABLE}", [])
    assert all(name in everything for name in partitions.partitions(TABLE))


def test_the_partitioned_log_stays_append_only_and_tamper_evident(partitioned):
    from django.db import IntegrityError, transaction

    entry = AuditEntry.objects.order_by("seq").first()
    with (
        pytest.raises(IntegrityError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [entry.id])
    with as_database_administrator() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET purpose = 'edited' WHERE id = %s", [entry.id]
        )
    result = verify_chain()
    assert (result.ok, result.first_bad_id, result.code) == (False, 1, "modified")
    assert seal_pending() == 0
