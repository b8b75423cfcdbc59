# SPDX-License-Identifier: EUPL-1.2
"""Serializers of the public regions API (shape only; names unique project-wide)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from balai.regions.models import Region
from balai.regions.normalise import dotted_region_code


class RegionListFilterSerializer(serializers.Serializer):
    """Query parameters of ``GET /api/v1/regions/``."""

    level = serializers.ChoiceField(
        choices=Region.Level.choices,
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("1 province, 2 regency/city, 3 district, 4 village."),
    )
    parent = serializers.RegexField(
        # ASCII digits, dotted or not (the schema tells clients the shape)
        r"^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{10}|"
        r"[0-9]{2}\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)$",
        required=False,
        allow_blank=True,
        max_length=13,
        help_text=gettext_lazy(
            "Only direct children of this region; code dotted (32.04) or "
            "undotted (3204)."
        ),
    )
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text=gettext_lazy(
            "Name search ('kab bandung'); exact and prefix matches first. "
            "Digits search codes."
        ),
    )

    def validate_parent(self, value: str) -> str:
        if not value:
            return value
        dotted = dotted_region_code(value)
        if dotted is None:
            raise serializers.ValidationError(_("Not a region code."), code="invalid")
        return dotted


class RegionOutputSerializer(serializers.ModelSerializer):
    """One region in lists."""

    parent_code = serializers.CharField(source="parent_id", allow_null=True)
    compact_code = serializers.CharField(read_only=True)

    class Meta:
        model = Region
        fields = [
            "code",
            "compact_code",
            "name",
            "level",
            "kind",
            "parent_code",
            "postal_code",
        ]
        read_only_fields = fields


class RegionPathItemOutputSerializer(serializers.Serializer):
    """One ancestor in a region's path, province first."""

    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.IntegerField()
    kind = serializers.CharField()


class RegionDetailOutputSerializer(RegionOutputSerializer):
    """One region with its ancestors (province → … → parent)."""

    path = serializers.SerializerMethodField()

    class Meta(RegionOutputSerializer.Meta):
        fields = [*RegionOutputSerializer.Meta.fields, "path"]
        read_only_fields = fields

    @extend_schema_field(RegionPathItemOutputSerializer(many=True))
    def get_path(self, region: Region) -> list[dict[str, Any]]:
        ancestors = self.context.get("path", [])
        return RegionPathItemOutputSerializer(ancestors, many=True).data
