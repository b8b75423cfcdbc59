# SPDX-License-Identifier: EUPL-1.2
"""Reports partitioned by month of filing (``requested_at``, set once when a report is
created) on PostgreSQL (``balai partitions apply``):
every report, photo, timeline entry, follower and duplicate link survives the
conversion in place; ids and public ids stay unique over all months and foreign keys
stay enforced (through ``reports_report_keys``); new reports are filed as before; a
query over a time range (as Open311's start/end) reads only its month's partition
(EXPLAIN)."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

import pytest

from balai.accounts.tests.factories import UserFactory
from balai.core import partitions
from balai.reports.models import Photo, Report, ReportUpdate
from balai.reports.tests.factories import submitted, upload

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="partitioning: PostgreSQL only"
    ),
]

TABLE = "reports_report"
SPEC = next(spec for spec in partitions.TABLES if spec.table == TABLE)


def _plan(sql: str, params: list) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _scalar(sql: str, params: list | None = None) -> object:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchone()[0]


def _immediate() -> None:
    """Check the deferred foreign keys now (they are checked at commit otherwise;
    the test's transaction never commits)."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.fixture
def partitioned():
    first = submitted(photos=[upload()])
    second = submitted(description="Lampu jalan mati di gang 4")
    second.merged_into = first
    second.save(update_fields=["merged_into"])
    follower = UserFactory()
    first.followers.add(follower)
    before = {
        "reports": Report.objects.count(),
        "photos": Photo.objects.count(),
        "updates": ReportUpdate.objects.count(),
    }
    call_command("partitions", "apply")
    assert partitions.is_partitioned(TABLE)
    return {"first": first, "second": second, "follower": follower, **before}


def test_apply_keeps_every_report_and_its_links(partitioned, capsys):
    first, second = partitioned["first"], partitioned["second"]
    assert Report.objects.count() == partitioned["reports"] == 2
    assert Photo.objects.count() == partitioned["photos"] >= 1
    assert ReportUpdate.objects.count() == partitioned["updates"]
    assert Report.objects.get(pk=second.pk).merged_into_id == first.pk
    assert list(first.followers.all()) == [partitioned["follower"]]
    assert first.photos.count() == 1 and first.updates.exists()
    assert _scalar(f"SELECT count(*) FROM {SPEC.keys_table}") == 2
    call_command("partitions", "apply")  # a second run changes nothing
    assert f"{TABLE}: already partitioned" in capsys.readouterr().out


def test_the_foreign_keys_point_at_the_key_table(partitioned):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text FROM pg_constraint WHERE contype = 'f' "
            "AND confrelid = %s::regclass AND conparentid = 0 ORDER BY 1",
            [SPEC.keys_table],
        )
        owners = [row[0] for row in cursor.fetchall()]
    assert owners == [
        "reports_photo",
        "reports_report",  # merged_into
        "reports_report_followers",
        "reports_reportupdate",
        "reports_requesttoken",
    ]
    # and the table's own foreign keys are kept on the partitioned table
    outgoing = _scalar(
        "SELECT count(*) FROM pg_constraint WHERE contype = 'f' "
        "AND conrelid = %s::regclass",
        [TABLE],
    )
    assert outgoing >= 6  # category, reporter, agency, team, assignee, client, ...


def test_new_reports_are_filed_and_keys_stay_unique_over_all_months(partitioned):
    third = submitted(description="Saluran air tersumbat", photos=[upload()])
    assert Report.objects.count() == 3
    assert third.photos.count() == 1
    assert _scalar(f"SELECT count(*) FROM {SPEC.keys_table}") == 3
    # moved to another month's partition (row movement keeps its key row)
    long_ago = timezone.now() - dt.timedelta(days=400)
    Report.objects.filter(pk=third.pk).update(requested_at=long_ago)
    _immediate()
    first = partitioned["first"]
    assert _partition_of(third.pk) != _partition_of(first.pk)
    assert _scalar(f"SELECT count(*) FROM {SPEC.keys_table}") == 3
    # the same public id in another partition: still refused
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=third.pk).update(public_id=first.public_id)


def _partition_of(pk: object) -> object:
    return _scalar(f"SELECT tableoid::regclass::text FROM {TABLE} WHERE id = %s", [pk])


def test_foreign_keys_are_still_enforced(partitioned):
    first = partitioned["first"]
    _immediate()  # from here to the end of the test's transaction
    with (
        pytest.raises(IntegrityError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [first.pk])
    # through the ORM the children go first, as before
    first.delete()
    _immediate()
    assert not Report.objects.filter(pk=first.pk).exists()
    assert _scalar(f"SELECT count(*) FROM {SPEC.keys_table}") == 1
    assert Report.objects.get(pk=partitioned["second"].pk).merged_into_id is None


def test_a_time_range_reads_only_its_month(partitioned):
    now = timezone.now().astimezone(dt.UTC)
    start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(microseconds=1)
    # the shape of an Open311 list with start/end: visible rows, newest first
    sql, params = (
        Report.objects.filter(
            is_hidden=False, requested_at__gte=start, requested_at__lte=end
        )
        .order_by("-requested_at", "-public_id")
        .values("public_id")[:50]
        .query.sql_with_params()
    )
    plan = _plan(sql, list(params))
    this_month = partitions.partition_name(TABLE, start.date())
    assert this_month in plan
    others = [p for p in partitions.partitions(TABLE) if p != this_month]
    assert len(others) >= 3
    for other in others:
        assert other not in plan, plan
    everything = _plan(f"SELECT public_id FROM {TABLE}", [])
    assert all(name in everything for name in partitions.partitions(TABLE))
    # a look-up by public id (no month known) is answered by the key table's index
    # and then one index probe per partition
    assert Report.objects.get(public_id=partitioned["first"].public_id)


def test_the_officers_workflow_and_open311_run_on_the_partitioned_table(
    partitioned, client
):
    from balai.accounts.testing import verified
    from balai.accounts.tests.factories import StaffFactory
    from balai.reports import services
    from balai.reports.constants import Status
    from balai.reports.models import Category
    from balai.reports.tests.factories import agency, rule

    pu = agency("dinas-pu")
    rule(agency=pu, category=Category.objects.get(code="jalan-berlubang"))
    officer = verified(StaffFactory(agency=pu))
    survivor = submitted(photos=[upload()])
    duplicate = submitted(photos=[upload()])
    citizen = UserFactory()
    assert services.report_follow(actor=citizen, report=duplicate) is True
    services.report_merge(actor=officer, duplicate=duplicate, survivor=survivor)
    services.report_status_change(
        actor=officer, report=survivor, status=Status.IN_PROGRESS, note="Tim meluncur"
    )
    _immediate()  # every foreign key checked now, not at a commit that never comes
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == survivor.pk
    assert survivor.photos.count() == 2
    assert survivor.followers.filter(pk=citizen.pk).exists()

    listed = client.get("/open311/v2/requests.json")
    assert listed.status_code == 200
    assert survivor.public_id in {row["service_request_id"] for row in listed.json()}
    detail = client.get(f"/open311/v2/requests/{survivor.public_id}.json")
    assert detail.status_code == 200
    assert detail.json()[0]["status"] == "open"
