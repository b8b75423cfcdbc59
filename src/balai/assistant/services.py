# SPDX-License-Identifier: EUPL-1.2
"""Writes of the assistant: a message answered (conversation and both turns stored),
feedback on an answer, an FAQ entry saved."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from balai.assistant import events, selectors, transactions
from balai.assistant.constants import MAX_COMMENT, MAX_TEXT, Channel, ErrorCode, Speaker
from balai.assistant.dialogue import Reply, respond
from balai.assistant.models import Conversation, FaqEntry, Message
from balai.core.errors import BalaiError, NotFound


@dataclass(frozen=True)
class Answer:
    reply: Reply
    conversation: Conversation
    message: Message  # the assistant's message (feedback goes to its id)


def _clean_text(text: Any) -> str:
    cleaned = str(text or "").strip()
    if not cleaned:
        message = _("Write a question.")
        raise BalaiError(
            message, code=ErrorCode.EMPTY_TEXT, field_errors={"text": [message]}
        )
    if len(cleaned) > MAX_TEXT:
        message = _("Write at most %(max)d characters.") % {"max": MAX_TEXT}
        raise BalaiError(
            message, code=ErrorCode.TEXT_TOO_LONG, field_errors={"text": [message]}
        )
    return cleaned


@transaction.atomic
def message_handle(
    *,
    actor: Any,
    text: Any,
    conversation_id: Any = None,
    channel: str = Channel.API,
    external_id: str = "",
) -> Answer:
    """Answer ``text`` in the caller's conversation (a new one when none is given or
    the id is not the caller's); both turns are stored, the context is kept."""
    cleaned = _clean_text(text)
    user = actor if getattr(actor, "is_authenticated", False) else None
    conversation = None
    if conversation_id:
        conversation = selectors.conversation_for(
            conversation_id=conversation_id, user=actor
        )
        if conversation is None:
            raise NotFound(
                _("There is no such conversation."),
                code=ErrorCode.CONVERSATION_NOT_FOUND,
            )
    if conversation is None:
        conversation = Conversation.objects.create(
            user=user, channel=channel, external_id=external_id
        )
    reply = respond(cleaned, state=conversation.state, user=actor)
    if reply.action == "file_report":
        _file_report(reply, actor)
    Message.objects.create(
        conversation=conversation,
        speaker=Speaker.CITIZEN,
        text=cleaned,
        intent=reply.intent,
        service=reply.service or "",
        confidence=reply.confidence,
        fallback=reply.fallback,
    )
    answer = Message.objects.create(
        conversation=conversation,
        speaker=Speaker.ASSISTANT,
        text=reply.text,
        intent=reply.intent,
        service=reply.service or "",
        confidence=reply.confidence,
        fallback=reply.fallback,
        sources=reply.sources,
    )
    conversation.state = reply.state
    fields = ["state", "updated_at"]
    if reply.action == "handoff" and not conversation.handed_off:
        conversation.handed_off = True
        conversation.handed_off_at = timezone.now()
        fields += ["handed_off", "handed_off_at"]
    conversation.save(update_fields=fields)
    return Answer(reply=reply, conversation=conversation, message=answer)


def _file_report(reply: Reply, actor: Any) -> None:
    """The confirmed complaint becomes a citizen report (reports services)."""
    found = transactions.report_file(
        user=actor,
        description=reply.state.get("complaint", ""),
        address=reply.state.get("report_address", ""),
    )
    language = (
        "en" if reply.understanding and reply.understanding.language == "en" else "id"
    )
    with override(language):
        if found is None:
            reply.text = _(
                "I could not file the report here. Please use the report form, "
                "where you can also mark the place on a map."
            )
            reply.sources = [{"title": _("Report a problem"), "url": "/lapor/"}]
            return
        reply.text = _(
            "Your report %(id)s has been filed; follow it with this number."
        ) % {"id": found.code}
        reply.sources = [{"title": found.code, "url": found.url}]
        reply.state.pop("complaint", None)


@transaction.atomic
def feedback_record(
    *, actor: Any, message_id: Any, helpful: bool, comment: Any = ""
) -> Message:
    """Record "did this answer your question?" (and an optional comment) on an
    assistant message of a conversation the caller may continue. After commit,
    ``events.feedback_given`` carries the answer and the comment (never who wrote
    it) to the apps that listen (sentiment)."""
    comment = str(comment or "").strip()
    if len(comment) > MAX_COMMENT:
        text = _("Write at most %(max)d characters.") % {"max": MAX_COMMENT}
        raise BalaiError(
            text, code=ErrorCode.COMMENT_TOO_LONG, field_errors={"comment": [text]}
        )
    message = (
        Message.objects.select_related("conversation")
        .filter(pk=message_id, speaker=Speaker.ASSISTANT)
        .first()
    )
    if (
        message is None
        or selectors.conversation_for(
            conversation_id=message.conversation_id, user=actor
        )
        is None
    ):
        raise NotFound(_("There is no such message."))
    message.helpful = bool(helpful)
    message.feedback_comment = comment
    message.save(update_fields=["helpful", "feedback_comment"])
    transaction.on_commit(
        partial(
            events.feedback_given.send,
            sender=Message,
            message_id=str(message.pk),
            helpful=message.helpful,
            comment=comment,
            service_slug=message.service,
            submitted_at=timezone.now(),
        )
    )
    return message


def faq_save(*, entry: FaqEntry) -> FaqEntry:
    """Validate and save an FAQ entry (the knowledge is reindexed on save)."""
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def officer_reply(
    *, actor: Any, conversation: Conversation, text: Any, close: bool = False
) -> Message | None:
    """An officer answers in a handed-off conversation (the citizen sees it in the
    chat); ``close`` takes it off the queue. Audited."""
    from balai.assistant.policies import ensure_can_use_console
    from balai.security import audit

    ensure_can_use_console(actor)
    cleaned = str(text or "").strip()
    if not cleaned and not close:
        problem = _("Write an answer.")
        raise BalaiError(
            problem, code=ErrorCode.EMPTY_TEXT, field_errors={"text": [problem]}
        )
    message = None
    if cleaned:
        message = Message.objects.create(
            conversation=conversation, speaker=Speaker.OFFICER, text=cleaned[:MAX_TEXT]
        )
    if close:
        conversation.handed_off = False
    conversation.save(update_fields=["handed_off", "updated_at"])
    audit.record(
        actor=actor,
        action="assistant.officer_reply",
        target=conversation,
        changes=["messages"] + (["handed_off"] if close else []),
    )
    return message


CHANNEL_CONTEXT_HOURS = 24


@transaction.atomic
def channel_message_handle(*, channel: str, external_id: str, text: Any) -> Answer:
    """A message from a chat channel: continue the chat's latest conversation if it
    is younger than CHANNEL_CONTEXT_HOURS, else start one (anonymous: a chat id
    proves no identity, so only public answers are given)."""
    since = timezone.now() - dt.timedelta(hours=CHANNEL_CONTEXT_HOURS)
    latest = (
        Conversation.objects.filter(
            channel=channel, external_id=external_id, updated_at__gte=since
        )
        .order_by("-updated_at")
        .values_list("pk", flat=True)
        .first()
    )
    return message_handle(
        actor=None,
        text=text,
        conversation_id=latest,
        channel=channel,
        external_id=external_id,
    )
