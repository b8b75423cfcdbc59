# SPDX-License-Identifier: EUPL-1.2
"""Shapes of the exchange API's requests and responses (checks of form only)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from balai.regions.nik import NikError, parse_nik
from balai.registry.constants import MaritalStatus, Religion, ResidentStatus, Sex
from balai.registry.exchange.constants import (
    MAX_BULK_RECORDS,
    ErrorCode,
    ReleasableField,
    VerificationResult,
)
from balai.registry.exchange.selectors import IdentityClaim


class NikField(serializers.CharField):
    """A structurally valid NIK (separators allowed), returned as 16 digits."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("help_text", _("16-digit NIK."))
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        try:
            return parse_nik(value, check_region=False).nik
        except NikError as exc:
            raise serializers.ValidationError(exc.message, code=exc.code) from exc


class RegistryIdentityVerifyInputSerializer(serializers.Serializer):
    nik = NikField()
    full_name = serializers.CharField(max_length=150)
    birth_date = serializers.DateField()

    def claim(self) -> IdentityClaim:
        return IdentityClaim(**self.validated_data)


class RegistryIdentityVerifyOutputSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=VerificationResult.choices)


class RegistryBulkVerifyRecordSerializer(serializers.Serializer):
    ref = serializers.CharField(
        max_length=100, help_text=_("The caller's own reference, echoed back.")
    )
    nik = NikField()
    full_name = serializers.CharField(max_length=150)
    birth_date = serializers.DateField()


class RegistryBulkVerifyInputSerializer(serializers.Serializer):
    records = RegistryBulkVerifyRecordSerializer(
        many=True, allow_empty=False, max_length=MAX_BULK_RECORDS
    )

    def to_internal_value(self, data: Any) -> Any:
        # Refuse an oversized request before validating its records one by one.
        records = data.get("records") if isinstance(data, dict) else None
        if isinstance(records, list) and len(records) > MAX_BULK_RECORDS:
            message = _("Send at most %(limit)d records per request.") % {
                "limit": MAX_BULK_RECORDS
            }
            raise serializers.ValidationError(
                {
                    "records": [
                        ErrorDetail(str(message), code=ErrorCode.TOO_MANY_RECORDS)
                    ]
                }
            )
        return super().to_internal_value(data)

    def claims(self) -> list[IdentityClaim]:
        return [
            IdentityClaim(
                nik=row["nik"], full_name=row["full_name"], birth_date=row["birth_date"]
            )
            for row in self.validated_data["records"]
        ]

    def refs(self) -> list[str]:
        return [row["ref"] for row in self.validated_data["records"]]


class RegistryBulkVerifyResultSerializer(serializers.Serializer):
    ref = serializers.CharField()
    result = serializers.ChoiceField(choices=VerificationResult.choices)


class RegistryResidentNikSerializer(serializers.Serializer):
    """The NIK of the path, validated like a body field."""

    nik = NikField()


class RegistryResidentOutputSerializer(serializers.Serializer):
    """Only the fields the agreement allows are present; ``fields`` names them."""

    fields = serializers.ListField(
        child=serializers.ChoiceField(choices=ReleasableField.choices),
        help_text=_("The fields released under the client's agreement."),
    )
    nik = serializers.CharField(required=False)
    full_name = serializers.CharField(required=False)
    birth_date = serializers.DateField(required=False)
    birth_place = serializers.CharField(required=False)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    address = serializers.CharField(required=False)
    rt = serializers.CharField(required=False)
    rw = serializers.CharField(required=False)
    village_code = serializers.CharField(required=False, allow_null=True)
    kk_number = serializers.CharField(required=False, allow_null=True)
    religion = serializers.ChoiceField(choices=Religion.choices, required=False)
    marital_status = serializers.ChoiceField(
        choices=MaritalStatus.choices, required=False
    )
    occupation = serializers.CharField(required=False)
    status = serializers.ChoiceField(choices=ResidentStatus.choices, required=False)
    date_of_death = serializers.DateField(required=False, allow_null=True)

    def to_representation(self, instance: dict[str, Any]) -> dict[str, Any]:
        # Nullable fields would render as null when absent: keep the released ones only.
        data = super().to_representation(instance)
        released = set(instance["fields"])
        return {
            key: value for key, value in data.items() if key in released | {"fields"}
        }
