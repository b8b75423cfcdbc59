# SPDX-License-Identifier: EUPL-1.2
from rest_framework import serializers


class AgencyOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    code = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    kind = serializers.CharField()
    unit = serializers.CharField(source="unit.name")
    region_code = serializers.CharField(source="unit.region_id", allow_null=True)
    parent_code = serializers.CharField(
        source="parent.code", allow_null=True, default=None
    )


class AccountMeOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    full_name = serializers.CharField()
    nik_masked = serializers.CharField()
    email = serializers.EmailField(allow_null=True)
    phone = serializers.CharField(allow_null=True)
    is_staff = serializers.BooleanField()
    agency = serializers.CharField(allow_null=True)
    roles = serializers.ListField(child=serializers.CharField())
    language = serializers.CharField()


class SignupInputSerializer(serializers.Serializer):
    nik = serializers.CharField(max_length=24)
    full_name = serializers.CharField(max_length=150)
    birth_date = serializers.DateField()
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=20)
    password = serializers.CharField(write_only=True, max_length=128)
    language = serializers.ChoiceField(choices=["id", "en"], default="id")


class SignupOutputSerializer(serializers.Serializer):
    signup_id = serializers.UUIDField()
    channel = serializers.CharField()
    destination = serializers.CharField()


class SignupVerifyInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=12)
