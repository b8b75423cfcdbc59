# SPDX-License-Identifier: EUPL-1.2
"""Public, read-only API of consultations: the list, one consultation with its
response matrix, and its opinion map (mounted under /api/v1/). Submitters appear
only as an organisation, an offline source or "Citizen"."""

from __future__ import annotations

import uuid
from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from balai.participation import consultations_selectors as selectors
from balai.participation.models import Comment, Consultation

TAGS = ["participation"]
NOT_FOUND = OpenApiResponse(description="No such consultation (problem+json).")


class ConsultationOutputSerializer(serializers.ModelSerializer[Consultation]):
    title = serializers.CharField(source="draft.title")
    kind = serializers.CharField(source="draft.kind")
    agency = serializers.CharField(source="draft.agency.code")
    status = serializers.CharField()  # published | closed
    phase = serializers.CharField()  # announcement | open | deliberation | outcome

    class Meta:
        model = Consultation
        fields = [
            "id", "title", "kind", "agency", "status", "phase", "announced_at",
            "opens_at", "closes_at", "outcome_due", "outcome", "closed_at",
        ]  # fmt: skip


class ConsultationMatrixRowOutputSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    section = serializers.CharField(allow_null=True)
    submitted_by = serializers.CharField()
    channel = serializers.CharField()
    text = serializers.CharField()
    supports = serializers.IntegerField()
    decision = serializers.CharField(allow_null=True)
    reason = serializers.CharField(allow_null=True)
    final_section = serializers.CharField(allow_null=True)


class ConsultationDetailOutputSerializer(ConsultationOutputSerializer):
    matrix = serializers.SerializerMethodField()

    class Meta(ConsultationOutputSerializer.Meta):
        fields = [*ConsultationOutputSerializer.Meta.fields, "matrix"]

    @extend_schema_field(ConsultationMatrixRowOutputSerializer(many=True))
    def get_matrix(self, consultation: Consultation) -> list[dict[str, Any]]:
        return [_row(c) for c in selectors.matrix_rows(consultation)]


def _row(comment: Comment) -> dict[str, Any]:
    response = getattr(comment, "response", None)
    return {
        "id": comment.pk,
        "section": comment.section.heading if comment.section else None,
        "submitted_by": selectors.submitter_label(comment),
        "channel": comment.channel,
        "text": comment.text,
        "supports": getattr(comment, "support_count", 0),
        "decision": response.decision if response else None,
        "reason": response.reason if response else None,
        "final_section": response.final_section if response else None,
    }


class OpinionGroupItemSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    text = serializers.CharField()
    share = serializers.FloatField()


class OpinionGroupOutputSerializer(serializers.Serializer[Any]):
    label = serializers.IntegerField()  # type: ignore[assignment]
    size = serializers.IntegerField()
    agrees = OpinionGroupItemSerializer(many=True)
    disagrees = OpinionGroupItemSerializer(many=True)


class OpinionMapOutputSerializer(serializers.Serializer[Any]):
    participants = serializers.IntegerField()
    computed_at = serializers.DateTimeField(allow_null=True)
    groups = OpinionGroupOutputSerializer(many=True)
    consensus = OpinionGroupItemSerializer(many=True)


class ConsultationListApi(APIView):
    """Every consultation (newest first, at most 100): a plain array."""

    authentication_classes: list[Any] = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="consultations_list",
        responses={200: ConsultationOutputSerializer(many=True)},
        tags=TAGS,
        summary="Public consultations",
    )
    def get(self, request: Request) -> Response:
        rows = selectors.consultation_list()[:100]
        return Response(ConsultationOutputSerializer(rows, many=True).data)


class ConsultationDetailApi(APIView):
    """One consultation with its response matrix."""

    authentication_classes: list[Any] = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="consultations_retrieve",
        responses={200: ConsultationDetailOutputSerializer, 404: NOT_FOUND},
        tags=TAGS,
        summary="One consultation with its response matrix",
    )
    def get(self, request: Request, consultation_id: uuid.UUID) -> Response:
        consultation = selectors.consultation_get(consultation_id)
        return Response(ConsultationDetailOutputSerializer(consultation).data)


class ConsultationOpinionMapApi(APIView):
    """The consultation's latest opinion map: groups, what each agrees on, and
    consensus (no participants' identities)."""

    authentication_classes: list[Any] = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="consultations_opinion_map",
        responses={200: OpinionMapOutputSerializer, 404: NOT_FOUND},
        tags=TAGS,
        summary="Opinion map of a consultation",
    )
    def get(self, request: Request, consultation_id: uuid.UUID) -> Response:
        consultation = selectors.consultation_get(consultation_id)
        chart = selectors.opinion_chart(consultation) or {}
        data = {
            "participants": chart.get("participants", 0),
            "computed_at": chart.get("computed_at"),
            "groups": chart.get("groups", []),
            "consensus": chart.get("consensus", []),
        }
        return Response(OpinionMapOutputSerializer(data).data)
