# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from typing import Any

from rest_framework import serializers

from balai.assistant.constants import INTENTS, MAX_COMMENT, MAX_TEXT


class AssistantMessageInputSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=MAX_TEXT, trim_whitespace=True)
    conversation = serializers.UUIDField(required=False, allow_null=True)


class AssistantSourceSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    url = serializers.CharField()


class AssistantMessageOutputSerializer(serializers.Serializer[Any]):
    reply = serializers.CharField()
    intent = serializers.ChoiceField(choices=list(INTENTS))
    service = serializers.CharField(allow_null=True, help_text="Catalog slug or null.")
    confidence = serializers.FloatField()
    sources = AssistantSourceSerializer(many=True)
    conversation = serializers.UUIDField()
    message = serializers.UUIDField(help_text="The answer's id, for feedback.")
    fallback = serializers.BooleanField()
    action = serializers.CharField(allow_blank=True)


class AssistantFeedbackInputSerializer(serializers.Serializer[Any]):
    helpful = serializers.BooleanField()
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_COMMENT,
        help_text="What was missing or good (optional); analysed for sentiment "
        "without who wrote it.",
    )


class AssistantTurnSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    speaker = serializers.CharField(help_text="citizen, assistant or officer")
    text = serializers.CharField()
    intent = serializers.CharField(allow_blank=True)
    service = serializers.CharField(allow_blank=True)
    sources = AssistantSourceSerializer(many=True)
    created_at = serializers.DateTimeField()


class AssistantConversationSerializer(serializers.Serializer[Any]):
    conversation = serializers.UUIDField()
    handed_off = serializers.BooleanField()
    messages = AssistantTurnSerializer(many=True)
