# SPDX-License-Identifier: EUPL-1.2
"""THE state machine of reports: every allowed status change, from where, by whom.

Every service that changes a report's status asks :data:`MACHINE` first (through
:func:`move_to`, since the board offers statuses rather than actions); a change that is
not in the table raises ``invalid_transition`` (HTTP 409, a form error on pages).

    open ─acknowledge→ acknowledged ─start→ in_progress
    open ─start→ in_progress ─pause→ acknowledged   (work stopped, waiting)
    open/acknowledged/in_progress ─close (a close reason)→ closed
    closed ─reopen→ open

A report does not go back to ``open`` except by reopening a closed one: once an
officer has seen it, it stays acknowledged. Closing as a duplicate is the ``close``
move with reason ``duplicate`` (``report_merge``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from balai.core.states import Move, StateMachine
from balai.reports.constants import OPEN_STATUSES, Status
from balai.reports.constants import StatusAction as Action

HANDLER = "handler"  # an officer or head of the agency the report is routed to

S = Status

MACHINE = StateMachine(
    name="report",
    status_label=lambda status: Status(status).label,
    message=_("This status change is not possible while the report is %(status)s."),
    moves=(
        Move(Action.ACKNOWLEDGE, {S.OPEN}, S.ACKNOWLEDGED, HANDLER),
        Move(Action.START, {S.OPEN, S.ACKNOWLEDGED}, S.IN_PROGRESS, HANDLER),
        Move(Action.PAUSE, {S.IN_PROGRESS}, S.ACKNOWLEDGED, HANDLER),
        Move(Action.CLOSE, OPEN_STATUSES, S.CLOSED, HANDLER, reason_required=True),
        Move(Action.REOPEN, {S.CLOSED}, S.OPEN, HANDLER),
    ),
)
MOVES = MACHINE.by_action


def move_to(status: str, target: str) -> Move:
    """The step from ``status`` to ``target``; Conflict ``invalid_transition``."""
    return MACHINE.move_to(status, target)


def can_move_to(status: str, target: str) -> bool:
    return str(target) in MACHINE.targets(status)


def targets(status: str) -> list[str]:
    """The statuses an officer may choose from ``status``, in the choices' order."""
    reachable = MACHINE.targets(status)
    return [value for value in Status.values if value in reachable]
