# SPDX-License-Identifier: EUPL-1.2
"""Transition tables: the one machinery behind every workflow (applications, reports,
payments, budgets, consultations).

A workflow declares its moves once, as data::

    MACHINE = StateMachine(
        name="report",
        status_label=lambda status: Status(status).label,
        moves=[
            Move("acknowledge", {OPEN}, ACKNOWLEDGED, by=HANDLER),
            Move("close", {OPEN}, CLOSED, by=HANDLER, reason_required=True),
        ],
    )

and every service that changes the status asks ``MACHINE.move_for(action, status)``
first; a step that is not in the table raises :class:`balai.core.errors.Conflict` with
code ``invalid_transition`` (HTTP 409 in the API, a message on pages). A move whose
``target`` is None leaves the status as it is but is still a recorded step (a claim, a
document check, an alert). Who may take a step is named here by *kind* (``by``); each
app's ``policies`` decides whether a given user is of that kind. Tests enumerate
:meth:`StateMachine.allowed_actions` for every status, so the table is the whole truth.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from balai.core.errors import Conflict

INVALID_TRANSITION = "invalid_transition"
StrOrPromise = str | Promise


@dataclass(frozen=True)
class Move:
    """One step: ``action`` from any of ``sources`` to ``target``, taken by ``by``."""

    action: str
    sources: frozenset[str]
    target: str | None
    by: str
    reason_required: bool = False

    def __init__(
        self,
        action: str,
        sources: Iterable[str],
        target: str | None,
        by: str,
        reason_required: bool = False,
    ) -> None:
        object.__setattr__(self, "action", str(action))
        object.__setattr__(self, "sources", frozenset(str(s) for s in sources))
        object.__setattr__(self, "target", None if target is None else str(target))
        object.__setattr__(self, "by", by)
        object.__setattr__(self, "reason_required", reason_required)


def _plain_label(status: str) -> str:
    return status


@dataclass(frozen=True)
class StateMachine:
    """A named transition table with the queries every workflow needs."""

    name: str
    moves: tuple[Move, ...]
    status_label: Callable[[str], object] = _plain_label
    message: StrOrPromise = ""
    by_action: dict[str, Move] = field(init=False, repr=False, compare=False)

    def __init__(
        self,
        *,
        name: str,
        moves: Iterable[Move],
        status_label: Callable[[str], object] = _plain_label,
        message: StrOrPromise = "",
    ) -> None:
        moves = tuple(moves)
        table: dict[str, Move] = {}
        for move in moves:
            if move.action in table:
                raise ValueError(f"{name}: action {move.action!r} declared twice")
            table[move.action] = move
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "moves", moves)
        object.__setattr__(self, "status_label", status_label)
        object.__setattr__(self, "message", message)
        object.__setattr__(self, "by_action", table)

    def move_for(self, action: str, status: str) -> Move:
        """The step ``action`` from ``status``; Conflict ``invalid_transition``."""
        move = self.by_action.get(str(action))
        if move is None or str(status) not in move.sources:
            label = str(self.status_label(str(status))).lower()
            template = self.message or _(
                "This step is not possible while the status is %(status)s."
            )
            raise Conflict(
                str(template) % {"status": label},
                code=INVALID_TRANSITION,
                action=str(action),
                status=str(status),
            )
        return move

    def move_to(self, status: str, target: str) -> Move:
        """The one step from ``status`` to ``target`` (for pages that offer a list of
        statuses rather than actions); Conflict ``invalid_transition`` if none."""
        for move in self.moves:
            if str(status) in move.sources and move.target == str(target):
                return move
        return self.move_for(f"->{target}", status)  # raises invalid_transition

    def can_move(self, action: str, status: str) -> bool:
        """Whether ``action`` is allowed from ``status`` (no exception)."""
        move = self.by_action.get(str(action))
        return move is not None and str(status) in move.sources

    def allowed_actions(self, status: str) -> list[str]:
        """Every action possible from ``status``, in declaration order."""
        return [m.action for m in self.moves if str(status) in m.sources]

    def targets(self, status: str) -> set[str]:
        """The statuses reachable in one step from ``status``."""
        return {
            m.target
            for m in self.moves
            if str(status) in m.sources and m.target is not None
        }

    def statuses(self) -> set[str]:
        """Every status named in the table (as a source or a target)."""
        names: set[str] = set()
        for move in self.moves:
            names |= move.sources
            if move.target is not None:
                names.add(move.target)
        return names

    def __getitem__(self, action: str) -> Move:
        return self.by_action[str(action)]

    def __contains__(self, action: object) -> bool:
        return str(action) in self.by_action
