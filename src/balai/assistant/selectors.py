# SPDX-License-Identifier: EUPL-1.2
"""Reads of the assistant: FAQ entries, conversations, the console's figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from balai.assistant.constants import Speaker
from balai.assistant.models import Conversation, FaqEntry, Message
from balai.core.errors import NotFound

LOW_CONFIDENCE = 0.5


def faq_rows_for_index() -> list[dict[str, Any]]:
    """Published FAQ entries as plain rows (what the knowledge index reads)."""
    return [
        {**row, "id": str(row["id"])}
        for row in FaqEntry.objects.filter(is_published=True).values(
            "id",
            "question_id",
            "question_en",
            "answer_id",
            "answer_en",
            "service_slug",
            "intent",
            "keywords",
        )
    ]


def faq_get(faq_id: Any) -> FaqEntry:
    """A published FAQ entry; NotFound otherwise."""
    entry = FaqEntry.objects.filter(pk=faq_id, is_published=True).first()
    if entry is None:
        raise NotFound("no such FAQ entry")
    return entry


def faq_list(*, service_slug: str = "") -> QuerySet[FaqEntry]:
    rows = FaqEntry.objects.filter(is_published=True)
    return rows.filter(service_slug=service_slug) if service_slug else rows


def conversation_for(*, conversation_id: Any, user: Any) -> Conversation | None:
    """The conversation with this id when the caller may continue it: anonymous
    conversations by anyone holding the id, a signed-in user's only by that user."""
    try:
        conversation = Conversation.objects.filter(pk=conversation_id).first()
    except (ValueError, TypeError):
        return None
    except Exception:
        return None
    if conversation is None:
        return None
    if conversation.user_id is None:
        return conversation
    if getattr(user, "is_authenticated", False) and conversation.user_id == user.pk:
        return conversation
    return None


@dataclass(frozen=True)
class ConsoleFigures:
    conversations: int
    questions: int
    fallback_rate: float
    handoff_rate: float
    rated: int
    helpfulness: float  # share of rated answers marked helpful


def console_figures(*, days: int = 30) -> ConsoleFigures:
    """The console's metrics over the last ``days``."""
    since = timezone.now() - dt.timedelta(days=days)
    conversations = Conversation.objects.filter(created_at__gte=since)
    questions = Message.objects.filter(
        speaker=Speaker.CITIZEN, created_at__gte=since
    ).aggregate(total=Count("id"), fallbacks=Count("id", filter=Q(fallback=True)))
    total_conversations = conversations.count()
    handed = conversations.filter(handed_off_at__isnull=False).count()
    rated = Message.objects.filter(
        speaker=Speaker.ASSISTANT, created_at__gte=since, helpful__isnull=False
    ).aggregate(total=Count("id"), helpful=Count("id", filter=Q(helpful=True)))
    return ConsoleFigures(
        conversations=total_conversations,
        questions=questions["total"],
        fallback_rate=questions["fallbacks"] / questions["total"]
        if questions["total"]
        else 0.0,
        handoff_rate=handed / total_conversations if total_conversations else 0.0,
        rated=rated["total"],
        helpfulness=rated["helpful"] / rated["total"] if rated["total"] else 0.0,
    )


def handoff_queue() -> QuerySet[Conversation]:
    """Conversations waiting for an officer, oldest first."""
    return Conversation.objects.filter(handed_off=True).order_by("handed_off_at")


def weak_questions(*, limit: int = 50) -> QuerySet[Message]:
    """Recent questions answered by a fallback, or with low confidence, or rated
    unhelpful: what FAQ entries should be written for."""
    unhelpful = Message.objects.filter(speaker=Speaker.ASSISTANT, helpful=False).values(
        "conversation_id"
    )
    return (
        Message.objects.filter(speaker=Speaker.CITIZEN)
        .filter(
            Q(fallback=True)
            | Q(confidence__lt=LOW_CONFIDENCE)
            | Q(conversation_id__in=unhelpful)
        )
        .order_by("-created_at")[:limit]
    )


def conversation_for_officer(*, actor: Any, conversation_id: Any) -> Conversation:
    """A conversation for the console (staff only); the read is audited, since a
    transcript may hold what the citizen wrote about themselves."""
    from balai.assistant.policies import ensure_can_use_console
    from balai.security import audit

    ensure_can_use_console(actor)
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None:
        raise NotFound("no such conversation")
    audit.record(
        actor=actor,
        action="assistant.conversation.read",
        target=conversation,
        purpose="assistant handoff",
    )
    return conversation
