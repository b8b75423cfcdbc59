# SPDX-License-Identifier: EUPL-1.2
"""Read-only poll API: published polls, one poll, its results (when published).

Results carry the breakdown by region with small counts suppressed (``null`` and
``suppressed: true``), exactly as the results page shows them. Voting is not offered
over the API: a ballot needs the citizen's signed-in session and its receipt is shown
once on the page.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from balai.core.api.pagination import LimitOffsetPagination
from balai.core.api.schema import paginated
from balai.core.errors import BalaiError
from balai.participation import poll_selectors as selectors
from balai.participation.models import Poll, PollOption


class PollOptionOutputSerializer(serializers.ModelSerializer[PollOption]):
    class Meta:
        model = PollOption
        fields = ["id", "label", "position"]


class PollOutputSerializer(serializers.ModelSerializer[Poll]):
    # plain strings: an enum named "Status" would clash with the register's
    kind = serializers.CharField(help_text="single, multiple or ranked")
    status = serializers.CharField(help_text="open or closed")
    agency = serializers.CharField(source="agency.code")
    region = serializers.CharField(source="region_id", allow_null=True)
    options = PollOptionOutputSerializer(many=True)
    results_available = serializers.SerializerMethodField()

    class Meta:
        model = Poll
        fields = [
            "id",
            "title",
            "description",
            "kind",
            "max_choices",
            "status",
            "opens_at",
            "closes_at",
            "results_live",
            "results_available",
            "min_age",
            "max_age",
            "region",
            "agency",
            "options",
        ]

    def get_results_available(self, poll: Poll) -> bool:
        return poll.results_visible()


class PollFilterSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(
        choices=[Poll.Status.OPEN.value, Poll.Status.CLOSED.value],
        required=False,
        help_text="open or closed",
    )


class PollOptionResultOutputSerializer(serializers.Serializer[Any]):
    option_id = serializers.UUIDField()
    label = serializers.CharField()  # type: ignore[assignment]
    votes = serializers.IntegerField()
    points = serializers.IntegerField()
    share = serializers.FloatField()


class PollRegionCellOutputSerializer(serializers.Serializer[Any]):
    option_id = serializers.UUIDField()
    votes = serializers.IntegerField(allow_null=True)
    suppressed = serializers.BooleanField()


class PollRegionRowOutputSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    total = serializers.IntegerField(allow_null=True)
    cells = PollRegionCellOutputSerializer(many=True)


class PollResultsOutputSerializer(serializers.Serializer[Any]):
    poll_id = serializers.UUIDField()
    status = serializers.CharField()
    ballots = serializers.IntegerField()
    min_cell = serializers.IntegerField()
    options = PollOptionResultOutputSerializer(many=True)
    regions = PollRegionRowOutputSerializer(many=True)


def _poll_parameter() -> OpenApiParameter:
    return OpenApiParameter("poll_id", str, OpenApiParameter.PATH, description="UUID")


class PollListApi(APIView):
    """Published polls (open and closed), newest first, limit/offset pages."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="participation_polls_list",
        parameters=[PollFilterSerializer],
        responses={200: paginated(PollOutputSerializer)},
        tags=["participation"],
    )
    def get(self, request: Request) -> Response:
        filters = PollFilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        rows = (
            selectors.poll_list(
                request.user, status=filters.validated_data.get("status")
            )
            .exclude(status=Poll.Status.DRAFT)
            .prefetch_related("options")
        )
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        data = PollOutputSerializer(page, many=True).data
        return paginator.get_paginated_response(data)


class PollDetailApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="participation_polls_retrieve",
        parameters=[_poll_parameter()],
        responses={
            200: PollOutputSerializer,
            404: OpenApiResponse(
                description=gettext_lazy("No such poll (problem+json).")
            ),
        },
        tags=["participation"],
    )
    def get(self, request: Request, poll_id: Any) -> Response:
        poll = selectors.poll_get(request.user, poll_id)
        return Response(PollOutputSerializer(poll).data)


class PollResultsApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="participation_polls_results",
        parameters=[_poll_parameter()],
        responses={
            200: PollResultsOutputSerializer,
            404: OpenApiResponse(
                description=gettext_lazy("No such poll (problem+json).")
            ),
            409: OpenApiResponse(
                description=gettext_lazy(
                    "Results are published when the poll closes (problem+json)."
                )
            ),
        },
        tags=["participation"],
    )
    def get(self, request: Request, poll_id: Any) -> Response:
        poll = selectors.poll_get(request.user, poll_id)
        if not poll.results_visible():
            error = BalaiError(
                _("Results are published when the poll closes."),
                code="poll_results_not_published",
            )
            error.status = 409
            raise error
        results = selectors.poll_results(poll)
        option_ids = [row.option.pk for row in results.options]
        data = {
            "poll_id": poll.pk,
            "status": poll.status,
            "ballots": results.ballots,
            "min_cell": results.k,
            "options": [
                {
                    "option_id": row.option.pk,
                    "label": row.option.label,
                    "votes": row.votes,
                    "points": row.points,
                    "share": row.share,
                }
                for row in results.options
            ],
            "regions": [
                {
                    "code": region.code,
                    "name": region.name,
                    "total": region.total,
                    "cells": [
                        {"option_id": oid, "votes": cell, "suppressed": cell is None}
                        for oid, cell in zip(option_ids, region.cells, strict=True)
                    ],
                }
                for region in results.regions
            ],
        }
        return Response(PollResultsOutputSerializer(data).data)
