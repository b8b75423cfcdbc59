# SPDX-License-Identifier: EUPL-1.2
"""Pages: the chat (the widget on every page posts here; without JavaScript the same
form works as a full page), feedback on an answer, the FAQ."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from balai.assistant import policies, selectors, services
from balai.assistant.constants import Channel
from balai.assistant.models import Message
from balai.core import ratelimit
from balai.core.errors import BalaiError

SESSION_KEY = "assistant_conversation"
# the newest turn this browser has been shown, and whether an officer has the
# conversation (then the page polls ``chat_updates``; see docs/assistant.md)
SEEN_KEY = "assistant_seen"
HANDOFF_KEY = "assistant_handoff"
# htmx stops polling on this status
STOP_POLLING = 286


def _htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


TRANSCRIPT_LIMIT = 40


def _seen(request: HttpRequest) -> dt.datetime | None:
    """The newest turn this browser was shown (None: none, or a marker this code
    did not write)."""
    try:
        return dt.datetime.fromisoformat(request.session.get(SEEN_KEY) or "")
    except ValueError:
        return None


def _shown(request: HttpRequest, turns: list[Message]) -> list[Message]:
    """Remember the newest turn shown, so the updates start after it."""
    if turns:
        newest = max(turn.created_at for turn in turns)
        seen = _seen(request)
        if seen is None or newest > seen:
            request.session[SEEN_KEY] = newest.isoformat()
    return turns


def _transcript(request: HttpRequest) -> list[Message]:
    conversation = (
        selectors.conversation_for(
            conversation_id=request.session.get(SESSION_KEY), user=request.user
        )
        if request.session.get(SESSION_KEY)
        else None
    )
    if conversation is None:
        return []
    request.session[HANDOFF_KEY] = conversation.handed_off
    turns = list(conversation.messages.order_by("-created_at")[:TRANSCRIPT_LIMIT])
    return _shown(request, turns[::-1])


@require_safe
def chat_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "assistant/chat.html",
        {"transcript": _transcript(request), "hide_widget": True},
    )


@require_safe
def chat_history(request: HttpRequest) -> HttpResponse:
    """The session's conversation so far (the widget loads it when opened)."""
    return render(request, "assistant/_turns.html", {"turns": _transcript(request)})


@require_safe
def chat_updates(request: HttpRequest) -> HttpResponse:
    """Turns newer than the ones this browser was shown, while an officer has the
    conversation: the page polls it every ``ASSISTANT_POLL_SECONDS``. 204 when
    nothing is new; 286 (htmx: stop polling) once the officer closed it and every
    turn was delivered, or when there is no conversation."""
    conversation_id = request.session.get(SESSION_KEY)
    conversation = (
        selectors.conversation_for(conversation_id=conversation_id, user=request.user)
        if conversation_id
        else None
    )
    if conversation is None:
        request.session.pop(HANDOFF_KEY, None)
        return HttpResponse(status=STOP_POLLING)
    turns = conversation.messages.order_by("created_at")
    seen = _seen(request)
    if seen is not None:  # else: send the recent turns again
        turns = turns.filter(created_at__gt=seen)
    new = _shown(request, list(turns[:TRANSCRIPT_LIMIT]))
    if new:
        return render(request, "assistant/_turns.html", {"turns": new})
    if not conversation.handed_off:
        request.session[HANDOFF_KEY] = False
        return HttpResponse(status=STOP_POLLING)
    return HttpResponse(status=204)


@require_POST
def chat_message(request: HttpRequest) -> HttpResponse:
    text = request.POST.get("text", "")
    ratelimit.check("assistant", ratelimit.user_or_client_key(request))
    context: dict[str, object] = {"text": text}
    try:
        answer = services.message_handle(
            actor=request.user,
            text=text,
            conversation_id=request.session.get(SESSION_KEY),
            channel=Channel.WEB,
        )
    except BalaiError as exc:
        if exc.status == 404:  # the conversation is gone: start a new one
            request.session.pop(SESSION_KEY, None)
            answer = services.message_handle(
                actor=request.user, text=text, channel=Channel.WEB
            )
        else:
            context["error"] = exc.message
            status = 400
            if _htmx(request):  # htmx swaps only 2xx answers: the error is a turn
                return render(request, "assistant/_turns.html", context)
            return render(
                request,
                "assistant/chat.html",
                {**context, "transcript": _transcript(request), "hide_widget": True},
                status=status,
            )
    request.session[SESSION_KEY] = str(answer.conversation.pk)
    handed_off = answer.conversation.handed_off
    starts_polling = handed_off and not request.session.get(HANDOFF_KEY)
    request.session[HANDOFF_KEY] = handed_off
    if _htmx(request):
        turns = list(answer.conversation.messages.order_by("-created_at")[:2])[::-1]
        # the page starts asking for the officer's answers (the poller replaces
        # its empty placeholder out of band)
        log_id = request.headers.get("HX-Target", "chat-widget-log")
        return render(
            request,
            "assistant/_turns.html",
            {
                "turns": _shown(request, turns),
                "start_polling": starts_polling,
                "log_id": log_id,
            },
        )
    return redirect("assistant:chat")


@require_POST
def chat_feedback(request: HttpRequest, message_id: uuid.UUID) -> HttpResponse:
    helpful = request.POST.get("helpful") == "yes"
    comment = request.POST.get("comment", "")
    try:
        message = services.feedback_record(
            actor=request.user, message_id=message_id, helpful=helpful, comment=comment
        )
    except BalaiError as exc:
        if exc.status == 404:
            raise
        # the answer stays unrated and the comment is given back, with the reason
        pending = get_object_or_404(Message, pk=message_id)
        context = {"message": pending, "error": exc.message, "comment": comment}
        if _htmx(request):  # htmx swaps only 2xx answers: the form comes back in place
            return render(request, "assistant/_feedback.html", context)
        return render(request, "assistant/feedback.html", context, status=400)
    if _htmx(request):
        return render(request, "assistant/_feedback.html", {"message": message})
    return redirect("assistant:chat")


@require_safe
def faq_list(request: HttpRequest) -> HttpResponse:
    return render(request, "assistant/faq_list.html", {"entries": selectors.faq_list()})


@require_safe
def faq_detail(request: HttpRequest, faq_id: uuid.UUID) -> HttpResponse:
    return render(
        request, "assistant/faq_detail.html", {"entry": selectors.faq_get(faq_id)}
    )


@login_required
@require_safe
def console(request: HttpRequest) -> HttpResponse:
    """The officer console: metrics, the handoff queue, questions to write FAQ for."""
    policies.ensure_can_use_console(request.user)
    return render(
        request,
        "assistant/console.html",
        {
            "figures": selectors.console_figures(),
            "queue": selectors.handoff_queue()[:50],
            "weak": selectors.weak_questions(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def console_conversation(
    request: HttpRequest, conversation_id: uuid.UUID
) -> HttpResponse:
    """A transcript; officers answer in it and take it off the queue."""
    conversation = selectors.conversation_for_officer(
        actor=request.user, conversation_id=conversation_id
    )
    context: dict[str, object] = {"conversation": conversation}
    status = 200
    if request.method == "POST":
        try:
            services.officer_reply(
                actor=request.user,
                conversation=conversation,
                text=request.POST.get("text", ""),
                close=request.POST.get("close") == "1",
            )
            return redirect("assistant:console-conversation", conversation_id)
        except BalaiError as exc:
            context.update(error=exc.message, text=request.POST.get("text", ""))
            status = 400
    context["transcript"] = list(conversation.messages.all())
    return render(
        request, "assistant/console_conversation.html", context, status=status
    )
