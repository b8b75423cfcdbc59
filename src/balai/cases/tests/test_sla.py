# SPDX-License-Identifier: EUPL-1.2
"""Service-time alerts: due soon, overdue, each once, to the officer and the head."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.utils import timezone

from balai.cases import services
from balai.cases.constants import Action, SlaState
from balai.cases.models import Application
from balai.cases.tests.support import in_review, submitted
from balai.core.workdays import add_working_days


def _morning(day):
    """9 o'clock of ``day`` in Jakarta."""
    moment = dt.datetime.combine(day, dt.time(9))
    return timezone.make_aware(moment, timezone.get_default_timezone())


def _due(application, day):
    Application.objects.filter(pk=application.pk).update(sla_due=day)


def test_an_overdue_application_alerts_the_officer_and_the_head_once(
    world, outbox, on_commit
):
    application = in_review(world)
    today = dt.date(2026, 11, 25)  # a Wednesday
    _due(application, today - dt.timedelta(days=2))
    with on_commit(execute=True):
        assert services.sla_alerts_raise(now=_morning(today)) == 1
        assert services.sla_alerts_raise(now=_morning(today)) == 0
    recipients = {message.recipient for message in outbox}
    assert {world.officer.email, world.head.email} <= recipients
    assert any("melewati batas waktu" in m.subject for m in outbox)
    application.refresh_from_db()
    assert application.sla_alert == SlaState.OVERDUE
    assert application.transitions.filter(action=Action.SLA_ALERT).count() == 1


def test_due_soon_then_overdue_are_two_alerts(world):
    application = submitted(world)
    today = dt.date(2026, 11, 25)
    _due(application, add_working_days(today, 1))
    assert services.sla_alerts_raise(now=_morning(today)) == 1
    assert services.sla_alerts_raise(now=_morning(today)) == 0
    later = add_working_days(today, 3)
    assert services.sla_alerts_raise(now=_morning(later)) == 1
    application.refresh_from_db()
    assert application.sla_alert == SlaState.OVERDUE


def test_applications_waiting_for_the_citizen_raise_no_alert(world):
    application = in_review(world)
    services.revision_request(actor=world.officer, application=application, reason="KK")
    _due(application, dt.date(2020, 1, 1))
    assert services.sla_alerts_raise() == 0


def test_the_command_runs_the_scan_once(world, capsys):
    application = submitted(world)
    _due(application, dt.date(2020, 1, 1))
    call_command("cases_sla")
    assert "SLA alerts raised: 1" in capsys.readouterr().out
    call_command("cases_sla")
    assert "SLA alerts raised: 0" in capsys.readouterr().out


def test_resuming_after_a_revision_moves_the_due_date(world):
    application = in_review(world)
    services.revision_request(actor=world.officer, application=application, reason="KK")
    application.refresh_from_db()
    before = application.sla_due
    paused = application.paused_at - dt.timedelta(days=7)
    Application.objects.filter(pk=application.pk).update(paused_at=paused)
    services.information_request_answer(
        actor=world.citizen, application=application, text="sudah"
    )
    application.refresh_from_db()
    assert application.sla_due > before
