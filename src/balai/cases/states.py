# SPDX-License-Identifier: EUPL-1.2
"""THE state machine of applications: every allowed step, from where, by whom.

Every service that changes an application asks :func:`move_for` first; a step that is
not in :data:`MOVES` for the current status raises ``invalid_transition``. Who may take
a step is named here by kind (the applicant, a handling officer of the agency, the
agency head, the system); ``policies`` decides whether a given user is of that kind.
Steps whose ``target`` is None leave the status as it is but still enter the timeline
(a claim of an application already in review, a document check, an SLA alert).

    draft ─submit→ submitted ─(fee)→ awaiting_payment ─payment→ in_review
    submitted/in_review/resubmitted ─claim|assign→ in_review
    in_review ─request_revision→ needs_revision ─answer→ resubmitted ─…→ in_review
    in_review/resubmitted ─escalate→ escalated (only the head acts on it then)
    in_review/resubmitted/escalated ─sign_off→ (same; a step of the approval chain)
    in_review/resubmitted/escalated ─override_documents→ (same; agency head, reasoned)
    in_review/resubmitted/escalated ─approve→ approved ─complete→ completed
    in_review/resubmitted/escalated ─reject→ rejected
    any open status ─withdraw→ withdrawn
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from balai.cases.constants import Action, Status
from balai.core.states import Move, StateMachine

APPLICANT = "applicant"
HANDLER = "handler"  # an officer or head of the responsible agency (or a unit below)
HEAD = "head"  # the agency head
SYSTEM = "system"

S = Status
REVIEWABLE = frozenset({S.IN_REVIEW, S.RESUBMITTED, S.ESCALATED})
QUEUED = frozenset({S.SUBMITTED, S.IN_REVIEW, S.RESUBMITTED, S.ESCALATED})
WITHDRAWABLE = frozenset(
    {
        S.DRAFT,
        S.SUBMITTED,
        S.AWAITING_PAYMENT,
        S.IN_REVIEW,
        S.NEEDS_REVISION,
        S.RESUBMITTED,
        S.ESCALATED,
    }
)


MACHINE = StateMachine(
    name="application",
    status_label=lambda status: Status(status).label,
    message=_("This step is not possible while the application is %(status)s."),
    moves=(
        Move(Action.SUBMIT, frozenset({S.DRAFT}), S.SUBMITTED, APPLICANT),
        Move(
            Action.AWAIT_PAYMENT, frozenset({S.SUBMITTED}), S.AWAITING_PAYMENT, SYSTEM
        ),
        Move(
            Action.PAYMENT_SETTLED,
            frozenset({S.AWAITING_PAYMENT}),
            S.IN_REVIEW,
            SYSTEM,
        ),
        Move(Action.CLAIM, QUEUED, S.IN_REVIEW, HANDLER),
        Move(Action.ASSIGN, QUEUED, S.IN_REVIEW, HEAD),
        Move(Action.CHECK_DOCUMENT, REVIEWABLE, None, HANDLER),
        Move(
            Action.REQUEST_REVISION,
            REVIEWABLE,
            S.NEEDS_REVISION,
            HANDLER,
            reason_required=True,
        ),
        Move(Action.ANSWER, frozenset({S.NEEDS_REVISION}), S.RESUBMITTED, APPLICANT),
        Move(
            Action.ESCALATE,
            frozenset({S.IN_REVIEW, S.RESUBMITTED}),
            S.ESCALATED,
            HANDLER,
            reason_required=True,
        ),
        Move(Action.SIGN_OFF, REVIEWABLE, None, HANDLER),
        Move(Action.OVERRIDE_DOCUMENTS, REVIEWABLE, None, HEAD, reason_required=True),
        Move(Action.APPROVE, REVIEWABLE, S.APPROVED, HANDLER),
        Move(Action.REGISTER, frozenset({S.APPROVED}), None, HANDLER),
        Move(Action.COMPLETE, frozenset({S.APPROVED}), S.COMPLETED, HANDLER),
        Move(Action.REJECT, REVIEWABLE, S.REJECTED, HANDLER, reason_required=True),
        Move(Action.WITHDRAW, WITHDRAWABLE, S.WITHDRAWN, APPLICANT),
        Move(Action.SLA_ALERT, QUEUED, None, SYSTEM),
    ),
)
MOVES = MACHINE.by_action


def move_for(action: str, status: str) -> Move:
    """The step ``action`` from ``status``; Conflict ``invalid_transition`` if none."""
    return MACHINE.move_for(action, status)


def can_move(action: str, status: str) -> bool:
    return MACHINE.can_move(action, status)


def required_actor(move: Move, status: str) -> str:
    """Who must take ``move`` from ``status``: once escalated, only the head acts."""
    if move.by == HANDLER and status == S.ESCALATED:
        return HEAD
    return move.by


def allowed_actions(status: str) -> list[str]:
    """Every action possible from ``status`` (for tests, docs and the API)."""
    return MACHINE.allowed_actions(status)
