# SPDX-License-Identifier: EUPL-1.2
"""Reads of consultations: public lists and pages, comment threads, the response
matrix and the opinion chart's geometry."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from balai.core.errors import NotFound
from balai.participation import consultations_policies as policies
from balai.participation.consultations_constants import Moderation, Phase
from balai.participation.models import (
    Comment,
    CommentSupport,
    Consultation,
    DraftAttachment,
    OpinionMap,
    Statement,
    StatementVote,
)


def consultation_list() -> QuerySet[Consultation]:
    """Every consultation for the public list, newest first."""
    return policies.public_consultations().select_related("draft", "draft__agency")


def consultation_open_list(limit: int = 5) -> list[Consultation]:
    """Consultations open for input now (the landing page)."""
    rows = consultation_list().filter(status="published").order_by("closes_at")
    return [c for c in rows[:50] if c.phase == Phase.OPEN][:limit]


def consultation_get(pk: Any) -> Consultation:
    """One consultation with its draft, sections and attachments, or NotFound."""
    try:
        return (
            consultation_list()
            .prefetch_related("draft__sections", "draft__attachments")
            .get(pk=pk)
        )
    except (Consultation.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise NotFound(_("No such consultation.")) from exc


def managed_consultation_get(user: Any, pk: Any) -> Consultation:
    """A consultation the officer manages, or NotFound (no hint it exists)."""
    try:
        return (
            policies.visible_managed_consultations(user)
            .select_related("draft", "draft__agency")
            .get(pk=pk)
        )
    except (Consultation.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise NotFound(_("No such consultation.")) from exc


def comment_get(consultation: Consultation, pk: Any) -> Comment:
    try:
        return consultation.comments.select_related("consultation__draft").get(pk=pk)
    except (Comment.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise NotFound(_("No such comment.")) from exc


def attachment_get(pk: Any) -> DraftAttachment:
    try:
        return DraftAttachment.objects.get(pk=pk)
    except (
        DraftAttachment.DoesNotExist,
        ValidationError,
        ValueError,
        TypeError,
    ) as exc:
        raise NotFound(_("No such document.")) from exc


def _comments(consultation: Consultation, viewer: Any) -> QuerySet[Comment]:
    rows = (
        consultation.comments.select_related(
            "organisation", "section", "response", "author"
        )
        .annotate(support_count=Count("supports", distinct=True))
        .order_by("created_at")
    )
    if getattr(viewer, "is_authenticated", False):
        rows = rows.annotate(
            supported=Exists(
                CommentSupport.objects.filter(comment=OuterRef("pk"), user=viewer)
            )
        )
    return rows


@dataclass
class Thread:
    comment: Comment
    replies: list[Comment] = field(default_factory=list)


def comment_threads(consultation: Consultation, viewer: Any) -> list[Thread]:
    """Top-level comments in order, each with its replies (hidden ones stay as a
    placeholder with the moderator's reason)."""
    threads: dict[Any, Thread] = {}
    replies: list[Comment] = []
    for comment in _comments(consultation, viewer):
        if comment.parent_id is None:
            threads[comment.pk] = Thread(comment)
        else:
            replies.append(comment)
    for reply in replies:
        if reply.parent_id in threads:
            threads[reply.parent_id].replies.append(reply)
    return list(threads.values())


def own_comments(consultation: Consultation, user: Any) -> QuerySet[Comment]:
    """The viewer's own comments with their answers (what the citizen follows)."""
    if not getattr(user, "is_authenticated", False):
        return Comment.objects.none()
    return consultation.comments.filter(author=user).select_related(
        "response", "section"
    )


def matrix_rows(consultation: Consultation) -> QuerySet[Comment]:
    """The response matrix: every visible submission, answered or not, in order."""
    return (
        consultation.comments.filter(parent__isnull=True)
        .exclude(moderation=Moderation.HIDDEN)
        .select_related("section", "organisation", "response")
        .annotate(support_count=Count("supports"))
        .order_by("created_at")
    )


def submitter_label(comment: Comment) -> str:
    """Who spoke, as the public matrix shows it: an organisation by name and type,
    offline input by its source, a citizen anonymously."""
    if comment.organisation_id:
        org = comment.organisation
        return f"{org.name} ({org.get_kind_display()})"  # type: ignore[union-attr]
    if comment.source:
        return f"{comment.source} ({comment.get_channel_display()})"
    return _("Citizen")


def statement_list(consultation: Consultation, viewer: Any) -> list[Statement]:
    """Visible statements with the viewer's own vote (``my_vote``, None if none)."""
    statements = list(consultation.statements.filter(is_hidden=False))
    mine: dict[Any, int] = {}
    if getattr(viewer, "is_authenticated", False):
        mine = dict(
            StatementVote.objects.filter(
                statement__in=statements, user=viewer
            ).values_list("statement_id", "value")
        )
    for statement in statements:
        statement.my_vote = mine.get(statement.pk)  # type: ignore[attr-defined]
    return statements


CHART = 320  # the SVG's side in user units
MARGIN = 16


def opinion_chart(consultation: Consultation) -> dict[str, Any] | None:
    """The stored map scaled to the chart: circles (x, y, group) and the groups."""
    current = OpinionMap.objects.filter(consultation=consultation).first()
    if current is None or not current.result:
        return None
    result = current.result
    points = result.get("points", [])
    if not points:
        return None
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    inner = CHART - 2 * MARGIN
    circles = [
        {
            "x": round(MARGIN + (p[0] - min(xs)) / span_x * inner, 1),
            "y": round(MARGIN + (p[1] - min(ys)) / span_y * inner, 1),
            "group": p[2],
        }
        for p in points
    ]
    return {
        "size": CHART,
        "circles": circles,
        "groups": result.get("groups", []),
        "consensus": result.get("consensus", []),
        "participants": current.participants,
        "computed_at": current.computed_at,
    }
