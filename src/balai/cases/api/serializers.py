# SPDX-License-Identifier: EUPL-1.2
"""Serializers of the applications API: plain input shapes, output dictionaries."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from balai.cases.constants import Status
from balai.cases.models import Application, ApplicationDocument, Transition


class ApplicationCreateInputSerializer(serializers.Serializer):
    service = serializers.SlugField(help_text="Slug of the catalog service.")
    answers = serializers.DictField(
        help_text="Form answers (the service's JSON schema)."
    )
    idempotency_key = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        help_text="Sending the same key again returns the first result.",
    )


class ApplicationSubmitInputSerializer(serializers.Serializer):
    idempotency_key = serializers.CharField(
        max_length=64, required=False, allow_blank=True
    )


class ApplicationDocumentInputSerializer(serializers.Serializer):
    requirement = serializers.SlugField()
    file = serializers.FileField()


class ApplicationReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class ApplicationRevisionInputSerializer(ApplicationReasonInputSerializer):
    requirements = serializers.ListField(
        child=serializers.SlugField(), required=False, default=list
    )


class ApplicationNoteInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ApplicationDocumentOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApplicationDocument
        fields = ["id", "requirement_code", "content_type", "size", "check_status"]


class ApplicationTransitionOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Transition
        fields = ["action", "from_status", "to_status", "actor_role", "reason", "at"]


class ApplicationOutputSerializer(serializers.ModelSerializer):
    service_name = serializers.SerializerMethodField()
    agency = serializers.CharField(source="agency.code")
    # plain text, not an enum: the OpenAPI enum name "Status" is taken by other apps
    status = serializers.CharField(
        help_text="One of: " + ", ".join(Status.values) + " (see docs/cases.md)."
    )

    class Meta:
        model = Application
        fields = [
            "id",
            "number",
            "service_slug",
            "service_name",
            "agency",
            "status",
            "submitted_at",
            "sla_due",
            "assigned_to_id",
            "fee_amount",
            "created_at",
            "updated_at",
        ]

    def get_service_name(self, obj: Application) -> str:
        return obj.service_name()


class ApplicationDetailOutputSerializer(ApplicationOutputSerializer):
    answers = serializers.DictField()
    documents = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    payment_reference = serializers.SerializerMethodField()

    class Meta(ApplicationOutputSerializer.Meta):
        fields = [
            *ApplicationOutputSerializer.Meta.fields,
            "answers",
            "decision_reason",
            "documents",
            "timeline",
            "payment_reference",
        ]

    def get_documents(self, obj: Application) -> list[dict[str, Any]]:
        rows = obj.documents.filter(is_current=True)
        return ApplicationDocumentOutputSerializer(rows, many=True).data  # type: ignore[return-value]

    def get_timeline(self, obj: Application) -> list[dict[str, Any]]:
        rows = obj.transitions.order_by("at", "id")
        return ApplicationTransitionOutputSerializer(rows, many=True).data  # type: ignore[return-value]

    def get_payment_reference(self, obj: Application) -> str | None:
        payable = getattr(obj, "payable", None)
        return payable.reference if payable else None
