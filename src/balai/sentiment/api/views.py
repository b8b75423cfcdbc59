# SPDX-License-Identifier: EUPL-1.2
"""``/api/v1/sentiment/``: classify texts, send posts, correct a label (staff
systems and verified staff; problem+json on errors)."""

from __future__ import annotations

import uuid

from django.http import Http404

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from balai.core.errors import NotFound
from balai.sentiment import classify, policies, selectors, services
from balai.sentiment.api.serializers import (
    SentimentClassifyInputSerializer,
    SentimentClassifyOutputSerializer,
    SentimentCorrectionInputSerializer,
    SentimentIngestOutputSerializer,
    SentimentPostOutputSerializer,
    SentimentPostsInputSerializer,
)
from balai.sentiment.constants import Source

TAGS = ["sentiment"]
PROBLEM = OpenApiResponse(description="Problem details (RFC 9457).")
MAX_QUALITY_ITEMS = 50


class SentimentClassifyApi(APIView):
    @extend_schema(
        request=SentimentClassifyInputSerializer,
        responses={200: SentimentClassifyOutputSerializer, 400: PROBLEM, 403: PROBLEM},
        tags=TAGS,
        summary="Label texts positive, neutral or negative (nothing is stored)",
    )
    def post(self, request: Request) -> Response:
        policies.ensure_can_ingest_posts(request.user)
        serializer = SentimentClassifyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        items = serializer.validated_data["items"]
        quality = serializer.validated_data["quality"] and classify.quality_available()
        if quality and len(items) > MAX_QUALITY_ITEMS:
            quality = False  # the quality path is for small batches; big ones go fast
        predictions = classify.classify([i["text"] for i in items], quality=quality)
        results = [
            {
                "id": item.get("id") or str(number),
                "label": p.label,
                "score": p.score,
                "probabilities": p.probabilities,
            }
            for number, (item, p) in enumerate(zip(items, predictions, strict=True))
        ]
        body = {"model_version": classify.version(quality=quality), "results": results}
        return Response(SentimentClassifyOutputSerializer(body).data)


class SentimentPostsApi(APIView):
    @extend_schema(
        request=SentimentPostsInputSerializer,
        responses={201: SentimentIngestOutputSerializer, 400: PROBLEM, 403: PROBLEM},
        tags=TAGS,
        summary="Send posts (stored pseudonymised, classified and attributed)",
    )
    def post(self, request: Request) -> Response:
        policies.ensure_can_ingest_posts(request.user)
        serializer = SentimentPostsInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = services.posts_ingest(
            items=serializer.validated_data["posts"],
            source=Source.API,
            actor=request.user,
        )
        body = {
            "created": len(result.created),
            "duplicates": result.duplicates,
            "ids": [post.pk for post in result.created],
        }
        return Response(
            SentimentIngestOutputSerializer(body).data, status=status.HTTP_201_CREATED
        )


class SentimentPostCorrectApi(APIView):
    @extend_schema(
        request=SentimentCorrectionInputSerializer,
        responses={200: SentimentPostOutputSerializer, 400: PROBLEM, 404: PROBLEM},
        tags=TAGS,
        summary="Correct a post's label (kept for the next training)",
    )
    def post(self, request: Request, post_id: uuid.UUID) -> Response:
        try:
            post = selectors.post_get(request.user, post_id)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        serializer = SentimentCorrectionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.correction_record(
            actor=request.user, post=post, label=serializer.validated_data["label"]
        )
        post.refresh_from_db()
        return Response(SentimentPostOutputSerializer(post).data)
