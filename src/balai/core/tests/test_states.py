# SPDX-License-Identifier: EUPL-1.2
"""The shared transition-table machinery."""

from __future__ import annotations

import pytest

from balai.core.errors import Conflict
from balai.core.states import INVALID_TRANSITION, Move, StateMachine

MACHINE = StateMachine(
    name="door",
    moves=[
        Move("open", {"closed"}, "opened", by="anyone"),
        Move("close", {"opened"}, "closed", by="anyone"),
        Move("lock", {"closed"}, "locked", by="keyholder", reason_required=True),
        Move("knock", {"closed", "locked"}, None, by="anyone"),
    ],
)


def test_allowed_moves_return_the_declared_step():
    move = MACHINE.move_for("lock", "closed")
    assert (move.target, move.by, move.reason_required) == ("locked", "keyholder", True)


@pytest.mark.parametrize(
    ("action", "status"),
    [("open", "opened"), ("close", "locked"), ("lock", "opened"), ("fly", "closed")],
)
def test_moves_not_in_the_table_are_conflicts(action, status):
    with pytest.raises(Conflict) as caught:
        MACHINE.move_for(action, status)
    assert caught.value.code == INVALID_TRANSITION
    assert caught.value.status == 409
    assert status in caught.value.message
    assert MACHINE.can_move(action, status) is False


def test_queries_enumerate_the_table():
    assert MACHINE.allowed_actions("closed") == ["open", "lock", "knock"]
    assert MACHINE.targets("closed") == {"opened", "locked"}
    assert MACHINE.statuses() == {"closed", "opened", "locked"}
    assert "knock" in MACHINE
    assert MACHINE["knock"].target is None


def test_an_action_declared_twice_is_refused():
    with pytest.raises(ValueError, match="declared twice"):
        StateMachine(
            name="bad",
            moves=[Move("a", {"x"}, "y", by="p"), Move("a", {"y"}, "x", by="p")],
        )


def test_custom_message_names_the_status_label():
    machine = StateMachine(
        name="labelled",
        status_label=lambda status: status.upper(),
        message="Not while %(status)s.",
        moves=[Move("go", {"ready"}, "gone", by="p")],
    )
    with pytest.raises(Conflict, match="Not while gone"):
        machine.move_for("go", "gone")
