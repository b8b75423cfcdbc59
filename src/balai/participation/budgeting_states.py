# SPDX-License-Identifier: EUPL-1.2
"""THE state machine of Musrenbang proposals: every allowed step, from where, by whom.

    at_desa ─forward→ at_kecamatan ─forward→ at_kabupaten ─accept→ accepted
    at_* ─merge (into another proposal, a reason)→ merged
    at_* ─defer (a reason)→ deferred ─reopen→ at_desa... (back to its level)
    at_* ─reject (a reason)→ rejected

Who takes a step is named by level (``desa``, ``kecamatan``, ``kabupaten``):
``budgeting_policies`` decides whether an officer works that level. A deferred
proposal is taken up again at the level where it was deferred (``reopen_*``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from balai.core.states import Move, StateMachine
from balai.participation.models.budgeting import ProposalLevel, ProposalStatus

S = ProposalStatus
DESA, KECAMATAN, KABUPATEN = (
    ProposalLevel.DESA.value,
    ProposalLevel.KECAMATAN.value,
    ProposalLevel.KABUPATEN.value,
)
UNDER_REVIEW = (S.AT_DESA, S.AT_KECAMATAN, S.AT_KABUPATEN)

#: status under review -> the level whose officers decide
LEVEL_OF = {
    S.AT_DESA.value: DESA,
    S.AT_KECAMATAN.value: KECAMATAN,
    S.AT_KABUPATEN.value: KABUPATEN,
}
STATUS_OF_LEVEL = {level: status for status, level in LEVEL_OF.items()}

FORWARD, ACCEPT, MERGE, DEFER, REJECT, REOPEN = (
    "forward",
    "accept",
    "merge",
    "defer",
    "reject",
    "reopen",
)

MACHINE = StateMachine(
    name="proposal",
    status_label=lambda status: ProposalStatus(status).label,
    message=_("This decision is not possible while the proposal is: %(status)s."),
    moves=(
        Move("forward_kecamatan", {S.AT_DESA}, S.AT_KECAMATAN, DESA),
        Move("forward_kabupaten", {S.AT_KECAMATAN}, S.AT_KABUPATEN, KECAMATAN),
        Move(ACCEPT, {S.AT_KABUPATEN}, S.ACCEPTED, KABUPATEN),
        Move(MERGE, UNDER_REVIEW, S.MERGED, "level", reason_required=True),
        Move(DEFER, UNDER_REVIEW, S.DEFERRED, "level", reason_required=True),
        Move(REJECT, UNDER_REVIEW, S.REJECTED, "level", reason_required=True),
        Move("reopen_desa", {S.DEFERRED}, S.AT_DESA, DESA),
        Move("reopen_kecamatan", {S.DEFERRED}, S.AT_KECAMATAN, KECAMATAN),
        Move("reopen_kabupaten", {S.DEFERRED}, S.AT_KABUPATEN, KABUPATEN),
    ),
)

#: what an officer chooses on the page -> the machine's action for a status
FORWARD_ACTION = {
    S.AT_DESA.value: "forward_kecamatan",
    S.AT_KECAMATAN.value: "forward_kabupaten",
    S.AT_KABUPATEN.value: ACCEPT,
}

DECISIONS = (FORWARD, MERGE, DEFER, REJECT, REOPEN)


def machine_action(decision: str, status: str, level: str) -> str:
    """The table's action behind an officer's ``decision`` on a proposal in
    ``status`` at ``level`` (``forward`` at the last level is ``accept``)."""
    if decision == FORWARD:
        return FORWARD_ACTION.get(str(status), FORWARD)
    if decision == REOPEN:
        return f"reopen_{level}"
    return decision


def decisions_for(status: str, level: str) -> list[str]:
    """The decisions a page offers for a proposal in ``status`` at ``level``."""
    return [
        d
        for d in DECISIONS
        if MACHINE.can_move(machine_action(d, status, level), status)
    ]
