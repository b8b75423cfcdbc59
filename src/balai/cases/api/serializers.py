# SPDX-License-Identifier: EUPL-1.2
"""Serializers of the applications API: plain input shapes, output dictionaries."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from rest_framework import serializers

from balai.cases import states
from balai.cases.constants import IKM_ELEMENTS, DocumentCheck, SlaState, Status
from balai.cases.models import (
    Application,
    ApplicationDocument,
    InformationRequest,
    SatisfactionSurvey,
    Transition,
)
from balai.core.sla import sla_state


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


class ApplicationApproveInputSerializer(ApplicationNoteInputSerializer):
    confirm = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Required (true) when the approval changes the population register; "
        "without it the answer is a 400 confirmation_required saying what changes.",
    )
    override_reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text="The agency head's reason to approve although a required document "
        "is not accepted (written to the timeline and the audit log).",
    )


class ApplicationListFilterInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=Status.choices, required=False, help_text="Only this status."
    )
    service = serializers.SlugField(required=False, help_text="Only this service.")
    sla = serializers.ChoiceField(
        choices=[SlaState.DUE_SOON, SlaState.OVERDUE],
        required=False,
        help_text="Open applications due within a working day, or overdue.",
    )


class ApplicationAnswerInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    requirements = serializers.ListField(
        child=serializers.SlugField(),
        required=False,
        default=list,
        help_text="The requirement code of each file, in the same order.",
    )
    files = serializers.ListField(
        child=serializers.FileField(), required=False, default=list
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if len(attrs["requirements"]) != len(attrs["files"]):
            raise serializers.ValidationError(
                {"files": _("Give one requirement code per file.")}, code="mismatch"
            )
        return attrs


class ApplicationSurveyInputSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for name, label in IKM_ELEMENTS:
            fields[name] = serializers.IntegerField(
                min_value=1, max_value=4, help_text=f"{label} (1-4)"
            )
        return fields


class ApplicationAssignInputSerializer(serializers.Serializer):
    officer = serializers.UUIDField(help_text="An officer of the agency (colleagues).")


class ApplicationDocumentCheckInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[DocumentCheck.OK, DocumentCheck.REJECTED]
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ApplicationColleagueOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    full_name = serializers.CharField()


class ApplicationInboxCountsOutputSerializer(serializers.Serializer):
    overdue = serializers.IntegerField()
    due_soon = serializers.IntegerField()
    mine = serializers.IntegerField()
    submitted = serializers.IntegerField()
    in_review = serializers.IntegerField()
    resubmitted = serializers.IntegerField()
    escalated = serializers.IntegerField()
    needs_revision = serializers.IntegerField()
    awaiting_payment = serializers.IntegerField()


class SatisfactionResultOutputSerializer(serializers.Serializer):
    respondents = serializers.IntegerField()
    element_averages = serializers.DictField(child=serializers.DecimalField(6, 3))
    index = serializers.DecimalField(5, 2)
    category = serializers.CharField()


class SatisfactionRowOutputSerializer(serializers.Serializer):
    service_slug = serializers.CharField()
    service_name = serializers.CharField()
    agency = serializers.CharField(source="agency__short_name")
    result = SatisfactionResultOutputSerializer()


class SatisfactionOutputSerializer(serializers.Serializer):
    overall = SatisfactionResultOutputSerializer(allow_null=True)
    rows = SatisfactionRowOutputSerializer(many=True)


class ApplicationInformationRequestOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = InformationRequest
        fields = [
            "id",
            "reason",
            "requirement_codes",
            "answer",
            "answered_at",
            "created_at",
        ]


class ApplicationDocumentOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApplicationDocument
        fields = [
            "id",
            "requirement_code",
            "content_type",
            "size",
            "check_status",
            "check_note",
        ]


class ApplicationTransitionOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Transition
        fields = [
            "action",
            "from_status",
            "to_status",
            "actor_role",
            "step_code",
            "reason",
            "at",
        ]


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
    information_requests = serializers.SerializerMethodField()
    sla_state = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()
    has_output = serializers.SerializerMethodField()
    survey_done = serializers.SerializerMethodField()

    class Meta(ApplicationOutputSerializer.Meta):
        fields = [
            *ApplicationOutputSerializer.Meta.fields,
            "answers",
            "decision_reason",
            "documents",
            "timeline",
            "payment_reference",
            "information_requests",
            "sla_state",
            "allowed_actions",
            "has_output",
            "survey_done",
        ]

    def get_information_requests(self, obj: Application) -> list[dict[str, Any]]:
        rows = obj.information_requests.order_by("created_at")
        return ApplicationInformationRequestOutputSerializer(rows, many=True).data  # type: ignore[return-value]

    def get_sla_state(self, obj: Application) -> str:
        """on_time, due_soon or overdue (balai.core.sla)."""
        return str(sla_state(obj.sla_due))

    def get_allowed_actions(self, obj: Application) -> list[str]:
        """The steps the state machine allows from the current status (who may take
        each is the policy's question)."""
        return states.allowed_actions(obj.status)

    def get_has_output(self, obj: Application) -> bool:
        return obj.status == Status.COMPLETED and obj.issued_document_id is not None

    def get_survey_done(self, obj: Application) -> bool:
        return SatisfactionSurvey.objects.filter(application=obj).exists()

    def get_documents(self, obj: Application) -> list[dict[str, Any]]:
        rows = obj.documents.filter(is_current=True)
        return ApplicationDocumentOutputSerializer(rows, many=True).data  # type: ignore[return-value]

    def get_timeline(self, obj: Application) -> list[dict[str, Any]]:
        rows = obj.transitions.order_by("at", "id")
        return ApplicationTransitionOutputSerializer(rows, many=True).data  # type: ignore[return-value]

    def get_payment_reference(self, obj: Application) -> str | None:
        payable = getattr(obj, "payable", None)
        return payable.reference if payable else None
