# SPDX-License-Identifier: EUPL-1.2
"""Reads of the assistant: FAQ entries, conversations, the console's figures."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from balai.assistant.models import Conversation, FaqEntry
from balai.core.errors import NotFound


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
