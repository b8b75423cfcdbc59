# SPDX-License-Identifier: EUPL-1.2
"""Opinion mapping writes: statements, votes and the computed map.

A vote is stored (changeable: the last one counts) and, after commit, the map's
recomputation is enqueued (``opinion_map_refresh_task``); the task skips the work
when no vote arrived since the last run, so a burst of votes costs one computation.
The map holds only anonymous points and aggregates, never who voted how.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import numpy as np

from balai.core.errors import BalaiError, Conflict
from balai.participation import consultations_policies as policies
from balai.participation import opinion_math
from balai.participation.consultations_constants import (
    ConsultationStatus,
    ErrorCode,
    VoteValue,
)
from balai.participation.models import (
    Consultation,
    OpinionMap,
    Statement,
    StatementVote,
)
from balai.security import audit

MAX_STATEMENT = 300
MAX_POINTS = 2000  # points drawn on the chart (a sample for large crowds)


@transaction.atomic
def statement_add(*, actor: Any, consultation: Consultation, text: str) -> Statement:
    """An officer (seed statements) or a verified citizen adds a short statement to
    an unclosed consultation."""
    officer = policies.can_manage_consultation(actor, consultation)
    if not officer:
        policies.ensure_can_participate(actor)
    if consultation.status == ConsultationStatus.CLOSED:
        raise Conflict(_("This consultation is closed."), code=ErrorCode.CLOSED)
    text = (text or "").strip()
    if not text:
        message = _("Write the statement.")
        raise BalaiError(
            message, code=ErrorCode.TEXT_REQUIRED, field_errors={"text": [message]}
        )
    statement = Statement.objects.create(
        consultation=consultation, text=text[:MAX_STATEMENT], author=actor
    )
    audit.record(actor=actor, action="participation.statement_add", target=statement)
    return statement


@transaction.atomic
def statement_vote(
    *, actor: Any, statement: Statement, value: int, refresh: bool = True
) -> StatementVote:
    """A verified citizen agrees (1), disagrees (-1) or passes (0); a second vote
    replaces the first. The map is recomputed after commit; ``refresh=False`` leaves
    that to the caller, which records many votes and then calls
    ``opinion_map_compute`` once (the demo seeder: one map, not one per vote)."""
    policies.ensure_can_participate(actor)
    if value not in VoteValue.values:
        raise BalaiError(_("Unknown vote."), code=ErrorCode.INVALID_VOTE)
    consultation = statement.consultation
    if consultation.status == ConsultationStatus.CLOSED or statement.is_hidden:
        raise Conflict(_("Voting has ended."), code=ErrorCode.CLOSED)
    vote, _created = StatementVote.objects.update_or_create(
        statement=statement, user=actor, defaults={"value": value}
    )
    if not refresh:
        return vote
    from balai.participation.consultations_tasks import opinion_map_refresh_task

    transaction.on_commit(
        partial(opinion_map_refresh_task.enqueue, consultation_id=str(consultation.pk)),
        robust=True,
    )
    return vote


def vote_matrix(
    consultation: Consultation,
) -> tuple[np.ndarray, list[Statement], int]:
    """The participant x statement matrix (rows in no meaningful order), the
    statements (columns) and the number of votes."""
    statements = list(consultation.statements.filter(is_hidden=False))
    column = {statement.pk: index for index, statement in enumerate(statements)}
    rows: dict[Any, int] = {}
    cells: list[tuple[int, int, int]] = []
    for statement_id, user_id, value in StatementVote.objects.filter(
        statement__in=list(column)
    ).values_list("statement_id", "user_id", "value"):
        row = rows.setdefault(user_id, len(rows))
        cells.append((row, column[statement_id], value))
    matrix = np.zeros((len(rows), len(statements)), dtype=np.int8)
    for row, col, value in cells:
        matrix[row, col] = value
    return matrix, statements, len(cells)


def _result_json(
    result: opinion_math.OpinionResult | None, statements: list[Statement]
) -> dict[str, Any]:
    if result is None:
        return {}
    texts = [(str(s.pk), s.text) for s in statements]

    def named(pairs: list[tuple[int, float]]) -> list[dict[str, Any]]:
        return [
            {"id": texts[c][0], "text": texts[c][1], "share": round(share, 3)}
            for c, share in pairs
        ]

    points = result.points
    rng = np.random.default_rng(0)
    shown = (
        rng.choice(points.shape[0], MAX_POINTS, replace=False)
        if points.shape[0] > MAX_POINTS
        else np.arange(points.shape[0])
    )
    return {
        "k": result.k,
        "silhouette": round(result.silhouette, 3),
        "groups": [
            {
                "label": group.label,
                "size": group.size,
                "agrees": named(group.agrees_with),
                "disagrees": named(group.disagrees_with),
            }
            for group in result.groups
        ],
        "consensus": named(result.consensus),
        "points": [
            [round(float(points[i, 0]), 3), round(float(points[i, 1]), 3),
             int(result.labels[i])]
            for i in shown
        ],
    }  # fmt: skip


def opinion_map_compute(
    *, consultation: Consultation, force: bool = False
) -> OpinionMap:
    """Recompute and store the consultation's map (skipped when no vote arrived since
    the last run, unless ``force``)."""
    current, _created = OpinionMap.objects.get_or_create(consultation=consultation)
    votes = StatementVote.objects.filter(statement__consultation=consultation).count()
    if not force and current.computed_at is not None and votes == current.votes_seen:
        return current
    matrix, statements, votes = vote_matrix(consultation)
    result = opinion_math.compute(matrix)
    current.votes_seen = votes
    current.participants = result.participants if result else 0
    current.groups = result.k if result else 0
    current.result = _result_json(result, statements)
    current.computed_at = timezone.now()
    current.save(
        update_fields=[
            "votes_seen",
            "participants",
            "groups",
            "result",
            "computed_at",
            "updated_at",
        ]
    )
    return current
