# SPDX-License-Identifier: EUPL-1.2
"""Read-only public API of Musrenbang and participatory budgeting: proposals (with
their decisions and, when accepted and linked, budget against realisation) and
budgeting rounds (with results once closed). No proposer is ever named."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from balai.core.api.pagination import LimitOffsetPagination
from balai.core.api.schema import paginated
from balai.participation import budgeting_selectors as selectors
from balai.participation.models.budgeting import (
    BudgetRoundStatus,
    ProposalStatus,
    Sector,
)

TAGS = ["participation"]
PROBLEM = OpenApiResponse(description="Problem details (RFC 9457).")


class ProposalOutputSerializer(serializers.Serializer[Any]):
    public_id = serializers.CharField()
    title = serializers.CharField()
    problem = serializers.CharField()
    kind = serializers.CharField()
    sector = serializers.CharField()
    region_code = serializers.CharField()
    lat = serializers.FloatField(allow_null=True)
    lon = serializers.FloatField(allow_null=True)
    address = serializers.CharField()
    estimated_cost = serializers.DecimalField(max_digits=18, decimal_places=0)
    status = serializers.CharField()
    level = serializers.CharField()
    reason = serializers.CharField()
    support_count = serializers.IntegerField()
    merged_into = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_merged_into(self, obj: Any) -> str | None:
        return obj.merged_into.public_id if obj.merged_into_id else None


class DecisionOutputSerializer(serializers.Serializer[Any]):
    action = serializers.CharField()
    level = serializers.CharField()
    status_from = serializers.CharField()
    status_to = serializers.CharField()
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()


class RealisationOutputSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    item_label = serializers.CharField()
    agency_name = serializers.CharField()
    budget = serializers.DecimalField(max_digits=18, decimal_places=0, allow_null=True)
    realised = serializers.DecimalField(max_digits=18, decimal_places=0)
    percent = serializers.DecimalField(max_digits=7, decimal_places=1, allow_null=True)


class ProposalDetailOutputSerializer(ProposalOutputSerializer):
    decisions = DecisionOutputSerializer(many=True)
    realisation = RealisationOutputSerializer(allow_null=True)


class ProposalFilterSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=ProposalStatus.choices, required=False)
    sector = serializers.ChoiceField(choices=Sector.choices, required=False)


class ProposalListApi(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="musrenbang_proposals_list",
        parameters=[ProposalFilterSerializer],
        responses={200: paginated(ProposalOutputSerializer), 400: PROBLEM},
        tags=TAGS,
        summary="Musrenbang proposals of the current round",
    )
    def get(self, request: Request) -> Response:
        filters = ProposalFilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        rows = selectors.public_proposals(
            musrenbang=selectors.current_round(),
            status=filters.validated_data.get("status", ""),
            sector=filters.validated_data.get("sector", ""),
        )
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(
            ProposalOutputSerializer(page, many=True).data
        )


class ProposalDetailApi(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="musrenbang_proposals_retrieve",
        parameters=[OpenApiParameter("public_id", str, OpenApiParameter.PATH)],
        responses={200: ProposalDetailOutputSerializer, 404: PROBLEM},
        tags=TAGS,
        summary="One proposal with its decisions and realisation",
    )
    def get(self, request: Request, public_id: str) -> Response:
        proposal = selectors.proposal_get(public_id)
        timeline = list(selectors.proposal_timeline(proposal))
        data = dict(ProposalOutputSerializer(proposal).data)
        data["decisions"] = DecisionOutputSerializer(timeline, many=True).data
        realisation = selectors.realisation_of(proposal)
        data["realisation"] = (
            RealisationOutputSerializer(realisation).data if realisation else None
        )
        return Response(data)


class ResultOutputSerializer(serializers.Serializer[Any]):
    public_id = serializers.CharField(source="proposal.public_id")
    title = serializers.CharField(source="proposal.title")
    cost = serializers.DecimalField(
        source="proposal.estimated_cost", max_digits=18, decimal_places=0
    )
    votes = serializers.IntegerField()
    funded = serializers.BooleanField()


class BudgetRoundOutputSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    title = serializers.CharField()
    region_code = serializers.CharField()
    ceiling = serializers.DecimalField(max_digits=18, decimal_places=0)
    max_projects = serializers.IntegerField()
    status = serializers.CharField()
    projects = serializers.SerializerMethodField()
    ballots = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()

    def get_projects(self, obj: Any) -> list[str]:
        return [p.public_id for p in selectors.round_projects(obj)]

    def get_ballots(self, obj: Any) -> int | None:
        return obj.ballots.count() if obj.status == BudgetRoundStatus.CLOSED else None

    def get_results(self, obj: Any) -> list[dict[str, Any]] | None:
        if obj.status != BudgetRoundStatus.CLOSED:
            return None
        rows = selectors.round_results(obj).rows
        return [dict(r) for r in ResultOutputSerializer(rows, many=True).data]


class BudgetRoundListApi(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="budget_rounds_list",
        responses={200: BudgetRoundOutputSerializer(many=True)},
        tags=TAGS,
        summary="Participatory budgeting rounds (results once closed)",
    )
    def get(self, request: Request) -> Response:
        rows = selectors.budget_rounds()[:100]
        return Response(BudgetRoundOutputSerializer(rows, many=True).data)
