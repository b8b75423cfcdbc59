# SPDX-License-Identifier: EUPL-1.2
"""``/api/v1/assistant/``: send a message (anonymous allowed), rate an answer."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from balai.assistant import selectors, services
from balai.assistant.api.serializers import (
    AssistantConversationSerializer,
    AssistantFeedbackInputSerializer,
    AssistantMessageInputSerializer,
    AssistantMessageOutputSerializer,
)
from balai.assistant.constants import Channel
from balai.core.api.parsers import LimitedJSONParser
from balai.core.errors import NotFound
from balai.core.ratelimit import NamedRateThrottle

TAGS = ["assistant"]
PROBLEM = OpenApiResponse(description="Problem details (RFC 9457).")


class AssistantRateThrottle(NamedRateThrottle):
    """Messages per account or address: ``RATE_LIMITS["assistant"]``
    (BALAI_ASSISTANT_RATE_LIMIT, messages a minute, 0 = off)."""

    rate_name = "assistant"


class AssistantMessageApi(APIView):
    # JSON only, as documented: a form cannot tell an empty conversation from none
    parser_classes = [LimitedJSONParser]
    permission_classes = [AllowAny]
    throttle_classes = [AssistantRateThrottle]

    @extend_schema(
        request=AssistantMessageInputSerializer,
        responses={
            200: AssistantMessageOutputSerializer,
            400: PROBLEM,
            404: PROBLEM,
            429: PROBLEM,
        },
        tags=TAGS,
        summary="Ask Asisten Balai (a new conversation unless one is given)",
    )
    def post(self, request: Request) -> Response:
        serializer = AssistantMessageInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answer = services.message_handle(
            actor=request.user,
            text=serializer.validated_data["text"],
            conversation_id=serializer.validated_data.get("conversation"),
            channel=Channel.API,
        )
        reply = answer.reply
        body = {
            "reply": reply.text,
            "intent": reply.intent,
            "service": reply.service,
            "confidence": reply.confidence,
            "sources": reply.sources,
            "conversation": answer.conversation.pk,
            "message": answer.message.pk,
            "fallback": reply.fallback,
            "action": reply.action,
        }
        return Response(AssistantMessageOutputSerializer(body).data)


class AssistantFeedbackApi(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [AssistantRateThrottle]

    @extend_schema(
        request=AssistantFeedbackInputSerializer,
        responses={204: None, 400: PROBLEM, 404: PROBLEM, 429: PROBLEM},
        tags=TAGS,
        summary="Did this answer your question?",
    )
    def post(self, request: Request, message_id: uuid.UUID) -> Response:
        serializer = AssistantFeedbackInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.feedback_record(
            actor=request.user,
            message_id=message_id,
            helpful=serializer.validated_data["helpful"],
            comment=serializer.validated_data.get("comment", ""),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class AssistantConversationApi(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [AssistantRateThrottle]

    @extend_schema(
        responses={200: AssistantConversationSerializer, 404: PROBLEM, 429: PROBLEM},
        tags=TAGS,
        summary="A conversation so far, officers' answers included",
    )
    def get(self, request: Request, conversation_id: uuid.UUID) -> Response:
        conversation = selectors.conversation_for(
            conversation_id=conversation_id, user=request.user
        )
        if conversation is None:
            raise NotFound(_("There is no such conversation."))
        body = {
            "conversation": conversation.pk,
            "handed_off": conversation.handed_off,
            "messages": list(conversation.messages.order_by("created_at")),
        }
        return Response(AssistantConversationSerializer(body).data)
