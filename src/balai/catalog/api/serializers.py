# SPDX-License-Identifier: EUPL-1.2
"""Serializers of the public catalog API (shape only; names unique project-wide)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from balai.catalog.constants import KINDS, LIFE_EVENTS
from balai.catalog.definitions import ServiceDefinition, Text


class CatalogServiceFilterSerializer(serializers.Serializer):
    """Query parameters of ``GET /api/v1/catalog/services/``."""

    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text=gettext_lazy(
            "Search with everyday words, slang or typos ('akte lahir'); best first."
        ),
    )
    life_event = serializers.ChoiceField(
        choices=list(LIFE_EVENTS),
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("Only services attached to this life event."),
    )


class CatalogTextOutputSerializer(serializers.Serializer):
    """A text in Indonesian (id) and English (en)."""

    id = serializers.CharField()
    en = serializers.CharField()


def text_dict(value: Any) -> dict[str, str] | None:
    if value is None:
        return None
    if isinstance(value, Text):
        return {"id": value.id, "en": value.en}
    return {"id": str(value), "en": str(value)}


class CatalogAgencyOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = CatalogTextOutputSerializer()


class CatalogFeeOutputSerializer(serializers.Serializer):
    amount = serializers.IntegerField(help_text=gettext_lazy("Whole rupiah; 0 = free."))
    is_free = serializers.BooleanField()
    formula = serializers.CharField(
        help_text=gettext_lazy("Name of the formula of a computed fee, or empty.")
    )
    basis = CatalogTextOutputSerializer(allow_null=True)


class CatalogServiceOutputSerializer(serializers.Serializer):
    """One service in lists."""

    slug = serializers.CharField()
    version = serializers.IntegerField()
    name = CatalogTextOutputSerializer()
    summary = CatalogTextOutputSerializer()
    agency = serializers.SerializerMethodField()
    fee = CatalogFeeOutputSerializer()
    sla_working_days = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=list(KINDS))
    life_events = serializers.ListField(child=serializers.CharField())
    url = serializers.SerializerMethodField()
    external_url = serializers.CharField()

    @extend_schema_field(CatalogAgencyOutputSerializer)
    def get_agency(self, service: ServiceDefinition) -> dict[str, Any]:
        names = self.context.get("agency_names", {})
        name = names.get(service.agency, service.agency)
        return {"code": service.agency, "name": text_dict(name)}

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, service: ServiceDefinition) -> str:
        path = reverse("catalog:service-detail", kwargs={"slug": service.slug})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class CatalogRequirementOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = CatalogTextOutputSerializer()
    required = serializers.BooleanField()
    content_types = serializers.ListField(child=serializers.CharField())
    max_bytes = serializers.IntegerField()
    note = CatalogTextOutputSerializer(allow_null=True)


class CatalogStepOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = CatalogTextOutputSerializer()
    role = serializers.CharField()
    description = CatalogTextOutputSerializer(allow_null=True)
    sign_off = serializers.BooleanField(
        help_text="A decision of the approval chain, signed by someone of the role; "
        "the last one approves the application."
    )


class CatalogOutputDocumentOutputSerializer(serializers.Serializer):
    template = serializers.CharField()
    title = CatalogTextOutputSerializer()
    fields = serializers.ListField(child=serializers.CharField())


class CatalogServiceDetailOutputSerializer(CatalogServiceOutputSerializer):
    """One service with everything needed to apply: requirements, steps, form."""

    description = CatalogTextOutputSerializer()
    keywords = serializers.ListField(child=serializers.CharField())
    requirements = CatalogRequirementOutputSerializer(many=True)
    conditions = serializers.SerializerMethodField()
    legal_basis = serializers.ListField(child=serializers.CharField())
    steps = CatalogStepOutputSerializer(many=True)
    form_schema = serializers.JSONField(
        help_text=gettext_lazy("JSON Schema (draft 2020-12) of the application form.")
    )
    form_ui = serializers.SerializerMethodField()
    output = CatalogOutputDocumentOutputSerializer(allow_null=True)
    register_action = serializers.CharField()
    channels = serializers.ListField(child=serializers.CharField())

    @extend_schema_field(CatalogTextOutputSerializer(many=True))
    def get_conditions(self, service: ServiceDefinition) -> list[dict[str, str] | None]:
        return [text_dict(condition.text) for condition in service.conditions]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_form_ui(self, service: ServiceDefinition) -> dict[str, Any]:
        """Per form property: label, help, prefill key, widget, choice labels."""
        return {
            name: {
                "label": text_dict(ui["label"]),
                "help": text_dict(ui.get("help")),
                "prefill": ui.get("prefill", ""),
                "widget": ui.get("widget", ""),
                "choices": {
                    value: text_dict(label)
                    for value, label in ui.get("choices", {}).items()
                },
            }
            for name, ui in service.form_ui.items()
        }
