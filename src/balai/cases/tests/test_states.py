# SPDX-License-Identifier: EUPL-1.2
"""The state machine: every allowed step, and every other one refused."""

from __future__ import annotations

import pytest

from balai.cases import states
from balai.cases.constants import FINAL_STATUSES, Action, Status
from balai.core.errors import Conflict

ALLOWED = [
    (action, status, move.target)
    for action, move in states.MOVES.items()
    for status in sorted(move.sources)
]
FORBIDDEN = [
    (action, status)
    for action, move in states.MOVES.items()
    for status in Status.values
    if status not in move.sources
]


@pytest.mark.parametrize(("action", "status", "target"), ALLOWED)
def test_every_allowed_step(action, status, target):
    move = states.move_for(action, status)
    assert move.target == target
    assert action in states.allowed_actions(status)


@pytest.mark.parametrize(("action", "status"), FORBIDDEN)
def test_every_other_step_is_refused(action, status):
    with pytest.raises(Conflict) as excinfo:
        states.move_for(action, status)
    assert excinfo.value.code == "invalid_transition"


def test_final_statuses_have_no_way_out():
    for status in FINAL_STATUSES:
        assert states.allowed_actions(status) == []


def test_once_escalated_only_the_head_acts():
    move = states.MOVES[Action.APPROVE]
    assert states.required_actor(move, Status.ESCALATED) == states.HEAD
    assert states.required_actor(move, Status.IN_REVIEW) == states.HANDLER


def test_revision_goes_back_and_forth():
    assert states.move_for(Action.REQUEST_REVISION, Status.IN_REVIEW).target == (
        Status.NEEDS_REVISION
    )
    assert states.move_for(Action.ANSWER, Status.NEEDS_REVISION).target == (
        Status.RESUBMITTED
    )
    assert states.move_for(Action.REQUEST_REVISION, Status.RESUBMITTED).target == (
        Status.NEEDS_REVISION
    )
