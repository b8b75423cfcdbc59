# SPDX-License-Identifier: EUPL-1.2
"""Access-matrix rows of the assistant (gathered by security's matrix test): the chat,
the FAQ and the message API are open to everybody, anonymous callers included."""

from __future__ import annotations

from typing import Any

from balai.security.tests.matrix_support import EVERYONE, row

CONSOLE_STAFF = {"officer", "officer_other_agency", "agency_head", "system_admin"}


def _faq(world: dict[str, Any]) -> dict[str, Any]:
    from balai.assistant.tests.factories import FaqEntryFactory

    if "assistant_faq" not in world:
        world["assistant_faq"] = FaqEntryFactory()
    return {"faq_id": world["assistant_faq"].pk}


def _answer(world: dict[str, Any]) -> dict[str, Any]:
    """An answer in an anonymous conversation (anyone holding its id may rate it)."""
    from balai.assistant.models import Conversation, Message

    if "assistant_message" not in world:
        conversation = Conversation.objects.create()
        world["assistant_message"] = Message.objects.create(
            conversation=conversation, speaker="assistant", text="Halo."
        )
    return {"message_id": world["assistant_message"].pk}


def _anonymous_conversation(world: dict[str, Any]) -> dict[str, Any]:
    _answer(world)
    return {"conversation_id": world["assistant_message"].conversation_id}


def _handed_off(world: dict[str, Any]) -> dict[str, Any]:
    from balai.assistant.models import Conversation

    if "assistant_handoff" not in world:
        world["assistant_handoff"] = Conversation.objects.create(handed_off=True)
    return {"conversation_id": world["assistant_handoff"].pk}


ROWS = {
    "assistant:console": row(CONSOLE_STAFF),
    "assistant:console-conversation": row(CONSOLE_STAFF, kwargs=_handed_off),
    "assistant:chat": row(EVERYONE),
    "assistant:chat-history": row(EVERYONE),
    # 286 (htmx: stop polling) for everyone without a handed-off conversation
    "assistant:chat-updates": row(EVERYONE),
    "assistant:chat-message": row(EVERYONE, method="POST", data={"text": "halo"}),
    "assistant:chat-feedback": row(
        EVERYONE, method="POST", kwargs=_answer, data={"helpful": "yes"}
    ),
    "assistant:faq-list": row(EVERYONE),
    "assistant:faq-detail": row(EVERYONE, kwargs=_faq),
    "assistant-api:messages": row(
        EVERYONE, method="POST", data={"text": "halo"}, json=True
    ),
    "assistant-api:feedback": row(
        EVERYONE, method="POST", kwargs=_answer, data={"helpful": "true"}
    ),
    "assistant-api:conversation": row(EVERYONE, kwargs=_anonymous_conversation),
    # webhooks verify the sender by signature or secret, not by account (404 while
    # the channel is not configured; test_channels covers them configured)
    "assistant-api:whatsapp": row(set(), method="POST"),
    "assistant-api:telegram": row(set(), method="POST"),
}
