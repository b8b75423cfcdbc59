# SPDX-License-Identifier: EUPL-1.2
"""Shapes of the sentiment API (checked here; rules live in the services)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from balai.sentiment.constants import MAX_BATCH, MAX_TEXT, Label


class SentimentClassifyItemSerializer(serializers.Serializer[Any]):
    id = serializers.CharField(max_length=200, required=False, allow_blank=True)
    text = serializers.CharField(max_length=MAX_TEXT, trim_whitespace=True)


class SentimentClassifyInputSerializer(serializers.Serializer[Any]):
    """``items`` (objects with ``id`` and ``text``) or plain ``texts``."""

    items = SentimentClassifyItemSerializer(many=True, required=False)
    texts = serializers.ListField(
        child=serializers.CharField(max_length=MAX_TEXT), required=False
    )
    quality = serializers.BooleanField(default=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        items = list(attrs.get("items") or []) + [
            {"text": text} for text in attrs.get("texts") or []
        ]
        if not items:
            raise serializers.ValidationError({"items": ["Send at least one text."]})
        if len(items) > MAX_BATCH:
            raise serializers.ValidationError(
                {"items": [f"At most {MAX_BATCH} texts at once."]}
            )
        attrs["items"] = items
        return attrs


class SentimentClassifyResultSerializer(serializers.Serializer[Any]):
    id = serializers.CharField()
    label = serializers.ChoiceField(choices=Label.choices)  # type: ignore[assignment]
    score = serializers.FloatField()
    probabilities = serializers.DictField(child=serializers.FloatField())


class SentimentClassifyOutputSerializer(serializers.Serializer[Any]):
    model_version = serializers.CharField()
    results = SentimentClassifyResultSerializer(many=True)


class SentimentPostInputSerializer(serializers.Serializer[Any]):
    id = serializers.CharField(max_length=200, required=False, allow_blank=True)
    text = serializers.CharField(max_length=MAX_TEXT)
    platform = serializers.CharField(max_length=40, required=False, allow_blank=True)
    author = serializers.CharField(max_length=200, required=False, allow_blank=True)
    time = serializers.CharField(max_length=40, required=False, allow_blank=True)
    url = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    engagement = serializers.IntegerField(min_value=0, required=False)


class SentimentPostsInputSerializer(serializers.Serializer[Any]):
    posts = SentimentPostInputSerializer(many=True, allow_empty=False)


class SentimentIngestOutputSerializer(serializers.Serializer[Any]):
    created = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    ids = serializers.ListField(child=serializers.UUIDField())


class SentimentCorrectionInputSerializer(serializers.Serializer[Any]):
    label = serializers.ChoiceField(choices=Label.choices)  # type: ignore[assignment]


class SentimentPostOutputSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    label = serializers.CharField()  # type: ignore[assignment]
    score = serializers.FloatField()
    corrected = serializers.BooleanField()
    service_slug = serializers.CharField()
    agency_code = serializers.CharField()
    region_code = serializers.CharField()
