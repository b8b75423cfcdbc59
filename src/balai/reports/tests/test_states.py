# SPDX-License-Identifier: EUPL-1.2
"""The reports' state machine: every allowed status change, every other refused."""

from __future__ import annotations

import pytest

from balai.accounts.tests.factories import StaffFactory
from balai.core.errors import Conflict
from balai.reports import services, states
from balai.reports.constants import CloseReason, Status
from balai.reports.models import Report
from balai.reports.tests.factories import agency, category, rule, submitted

ALLOWED = [
    (status, move.target, move.action)
    for move in states.MACHINE.moves
    for status in sorted(move.sources)
]
FORBIDDEN = [
    (status, target)
    for status in Status.values
    for target in Status.values
    if target not in states.MACHINE.targets(status)
]


def test_the_table_names_every_status_and_nothing_else():
    assert states.MACHINE.statuses() == set(Status.values)


@pytest.mark.parametrize(("status", "target", "action"), ALLOWED)
def test_every_allowed_change(status, target, action):
    move = states.move_to(status, target)
    assert move.action == action
    assert target in states.targets(status)
    assert move.reason_required == (target == Status.CLOSED)


@pytest.mark.parametrize(("status", "target"), FORBIDDEN)
def test_every_other_change_is_refused(status, target):
    with pytest.raises(Conflict) as excinfo:
        states.move_to(status, target)
    assert excinfo.value.code == "invalid_transition"
    assert excinfo.value.status == 409
    assert states.can_move_to(status, target) is False


def _verified(user):
    """A real TOTP verification (accounts.testing), never a patched is_verified."""
    from balai.accounts.testing import verified

    return verified(user)


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "target"), FORBIDDEN)
def test_the_service_refuses_every_forbidden_change_and_changes_nothing(status, target):
    pu = agency("dinas-pu")
    rule(agency=pu, category=category())
    report = submitted()
    Report.objects.filter(pk=report.pk).update(status=status)
    report.refresh_from_db()
    with pytest.raises(Conflict) as excinfo:
        services.report_status_change(
            actor=_verified(StaffFactory(agency=pu)),
            report=report,
            status=target,
            close_reason=CloseReason.FIXED,
        )
    assert excinfo.value.code == "invalid_transition"
    report.refresh_from_db()
    assert report.status == status
    assert not report.updates.filter(kind="status").exists()
