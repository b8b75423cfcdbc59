# SPDX-License-Identifier: EUPL-1.2
"""Duplicates (suggestion, follow, merge), officers' workflow, board scoping."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

import pytest

from balai.accounts import testing as accounts_testing
from balai.accounts.constants import Role
from balai.accounts.tests.factories import StaffFactory, UserFactory
from balai.core.errors import BalaiError
from balai.reports import selectors, services
from balai.reports.constants import CloseReason, Status
from balai.reports.tests.factories import agency, category, rule, submitted, upload

pytestmark = pytest.mark.django_db


def verified(user):
    return accounts_testing.verified(user)


@pytest.fixture
def pu():
    roads = category()
    found = agency("dinas-pu")
    rule(agency=found, category=roads)
    return found


def test_nearby_open_reports_same_category_within_radius(pu):
    near = submitted(lat=-6.8900, lon=107.6150)
    close = submitted(lat=-6.8903, lon=107.6150)  # ~33 m
    submitted(lat=-6.8950, lon=107.6150)  # ~550 m
    category("pju-mati")
    submitted(service_code="pju-mati", lat=-6.8900, lon=107.6150)
    found = selectors.nearby_open_reports("jalan-berlubang", -6.8901, 107.6150)
    assert [r.pk for r in found] == [near.pk, close.pk]
    assert found[0].distance_m <= found[1].distance_m <= 50
    wider = selectors.nearby_open_reports(
        "jalan-berlubang", -6.8901, 107.6150, radius_m=1000
    )
    assert len(wider) == 3
    services.report_status_change(
        actor=verified(StaffFactory(agency=pu)),
        report=near,
        status=Status.CLOSED,
        close_reason=CloseReason.FIXED,
    )
    assert [
        r.pk for r in selectors.nearby_open_reports("jalan-berlubang", -6.8901, 107.615)
    ] == [close.pk]


def test_follow_then_merge_moves_followers_and_photos(pu, outbox, immediate_on_commit):
    officer = verified(StaffFactory(agency=pu))
    survivor = submitted(photos=[upload()])
    duplicate = submitted(photos=[upload(), upload()])
    citizen = UserFactory()
    assert services.report_follow(actor=citizen, report=duplicate) is True
    assert services.report_follow(actor=citizen, report=duplicate) is False
    services.report_merge(actor=officer, duplicate=duplicate, survivor=survivor)
    duplicate.refresh_from_db()
    assert duplicate.status == Status.CLOSED
    assert duplicate.close_reason == CloseReason.DUPLICATE
    assert duplicate.merged_into_id == survivor.pk
    assert survivor.photos.count() == 3 and duplicate.photos.count() == 0
    assert survivor.followers.filter(pk=citizen.pk).exists()
    assert survivor.public_id in duplicate.status_notes
    assert any(
        survivor.public_id in m.body or survivor.public_id in m.subject for m in outbox
    )


def test_status_change_notifies_followers_and_requires_a_close_reason(
    pu, outbox, immediate_on_commit
):
    officer = verified(StaffFactory(agency=pu))
    report = submitted()
    citizen = UserFactory()
    services.report_follow(actor=citizen, report=report)
    outbox.clear()
    with pytest.raises(BalaiError) as error:
        services.report_status_change(
            actor=officer, report=report, status=Status.CLOSED
        )
    assert "close_reason" in error.value.field_errors
    services.report_status_change(
        actor=officer, report=report, status=Status.IN_PROGRESS, note="Tim meluncur"
    )
    assert [m.recipient for m in outbox] == [citizen.email]
    assert "Tim meluncur" in outbox[0].body
    services.report_comment(
        actor=officer, report=report, text="internal", is_public=False
    )
    assert len(outbox) == 1  # internal comments reach no one


def test_other_agency_and_unverified_staff_cannot_work_reports(pu):
    report = submitted()
    stranger = verified(StaffFactory(agency=agency("dlh")))
    with pytest.raises(PermissionDenied):
        services.report_status_change(
            actor=stranger, report=report, status=Status.ACKNOWLEDGED
        )
    with pytest.raises(PermissionDenied):
        services.report_status_change(
            actor=StaffFactory(agency=pu), report=report, status=Status.ACKNOWLEDGED
        )
    assert not selectors.board_reports(stranger).exists()


def test_triage_queue_and_reroute():
    category()
    report = submitted()  # no rules: triage
    admin = verified(
        StaffFactory(agency=agency("diskominfo"), roles=[Role.SYSTEM_ADMIN])
    )
    officer = verified(StaffFactory(agency=agency("dinas-pu")))
    assert list(selectors.board_reports(admin)) == [report]
    assert not selectors.board_reports(officer).exists()
    services.report_reroute(actor=admin, report=report, agency=officer.agency)
    assert list(selectors.board_reports(officer)) == [report]


def test_bulk_status_and_assignment(pu):
    from balai.reports.models import FieldTeam

    officer = verified(StaffFactory(agency=pu))
    reports = [submitted(), submitted()]
    results = services.reports_bulk_status(
        actor=officer, reports=reports, status=Status.ACKNOWLEDGED
    )
    assert [(r.public_id, r.moved) for r in results] == [
        (reports[0].public_id, True),
        (reports[1].public_id, True),
    ]
    team = FieldTeam.objects.create(agency=pu, name="Regu Jalan 1")
    services.report_assign(actor=officer, report=reports[0], team=team, priority="high")
    reports[0].refresh_from_db()
    assert reports[0].team_id == team.pk and reports[0].priority == "high"


@pytest.mark.parametrize("who", ["deactivated", "auditor", "citizen"])
def test_only_active_officers_of_the_agency_can_be_assigned(pu, who):
    """Issue #10: the service enforces what the form lists."""
    officer = verified(StaffFactory(agency=pu))
    report = submitted()
    if who == "deactivated":
        wrong = StaffFactory(agency=pu, is_active=False)
    elif who == "auditor":
        wrong = StaffFactory(agency=pu, roles=[Role.AUDITOR])
    else:
        wrong = UserFactory(agency=pu)
    with pytest.raises(BalaiError) as excinfo:
        services.report_assign(actor=officer, report=report, team=None, assignee=wrong)
    assert excinfo.value.code == "invalid_assignee"
    report.refresh_from_db()
    assert report.assignee_id is None
    colleague = StaffFactory(agency=pu)
    services.report_assign(actor=officer, report=report, team=None, assignee=colleague)
    report.refresh_from_db()
    assert report.assignee_id == colleague.pk


def test_resolution_statistics(pu):
    import datetime as dt

    from django.utils import timezone

    from balai.reports.models import Report

    officer = verified(StaffFactory(agency=pu))
    for hours in (2, 4, 10):
        report = submitted()
        Report.objects.filter(pk=report.pk).update(
            requested_at=timezone.now() - dt.timedelta(hours=hours)
        )
        services.report_status_change(
            actor=officer,
            report=report,
            status=Status.CLOSED,
            close_reason=CloseReason.FIXED,
        )
    stats = selectors.resolution_stats(Report.objects.all())
    row = stats["category"][0]
    assert row.count == 3 and row.median_hours == pytest.approx(4, abs=0.1)
    assert row.p90_hours == pytest.approx(8.8, abs=0.1)
    assert stats["agency"][0].key == "dinas-pu"


def test_overdue_alert_is_sent_once(pu, outbox, immediate_on_commit):
    import datetime as dt

    from django.utils import timezone

    from balai.reports.models import Report
    from balai.reports.services import sla_alerts_raise

    StaffFactory(agency=pu)
    report = submitted()
    Report.objects.filter(pk=report.pk).update(
        due_at=timezone.now() - dt.timedelta(hours=1)
    )
    outbox.clear()
    assert sla_alerts_raise() == 1
    assert len(outbox) == 1 and report.public_id in outbox[0].body
    assert sla_alerts_raise() == 0


def test_open311_extensions_name_the_survivor_of_a_merge(client, pu):
    officer = verified(StaffFactory(agency=pu))
    survivor, duplicate = submitted(), submitted()
    services.report_merge(actor=officer, duplicate=duplicate, survivor=survivor)
    body = client.get(
        f"/open311/v2/requests/{duplicate.public_id}.json", {"extensions": "true"}
    ).json()[0]
    assert body["status"] == "closed"
    assert body["extended_attributes"]["duplicate_of"] == survivor.public_id
    assert survivor.public_id in body["status_notes"]


def test_bulk_status_reports_each_refusal_and_moves_the_rest(pu):
    officer = verified(StaffFactory(agency=pu))
    opened, closed = submitted(), submitted()
    services.report_status_change(
        actor=officer, report=closed, status=Status.CLOSED, close_reason="fixed"
    )
    elsewhere = submitted()
    elsewhere.agency = agency("dlh")
    elsewhere.save(update_fields=["agency"])
    results = services.reports_bulk_status(
        actor=officer,
        reports=[opened, closed, elsewhere],
        status=Status.ACKNOWLEDGED,
    )
    assert [(r.public_id, r.moved) for r in results] == [
        (opened.public_id, True),
        (closed.public_id, False),
        (elsewhere.public_id, False),
    ]
    assert "closed" in results[1].message.lower() or "ditutup" in results[1].message
    assert results[2].message
    for report, expected in ((opened, "acknowledged"), (closed, "closed")):
        report.refresh_from_db()
        assert report.status == expected
    with pytest.raises(BalaiError) as error:  # concerns them all: nothing moves
        services.reports_bulk_status(
            actor=officer, reports=[opened], status=Status.CLOSED
        )
    assert error.value.code == "reason_required"
    opened.refresh_from_db()
    assert opened.status == Status.ACKNOWLEDGED
