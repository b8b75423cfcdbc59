# SPDX-License-Identifier: EUPL-1.2
"""Accounts API: agencies (public), one's own account, citizen sign-up."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from balai.accounts import policies, services
from balai.accounts.api.serializers import (
    AccountMeOutputSerializer,
    AgencyOutputSerializer,
    SignupInputSerializer,
    SignupOutputSerializer,
    SignupVerifyInputSerializer,
)
from balai.core import ratelimit
from balai.core.api.pagination import LimitOffsetPagination
from balai.core.api.schema import paginated
from balai.security.masking import mask_nik


class AgencyListApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="agencies_list",
        responses=paginated(AgencyOutputSerializer),
        tags=["accounts"],
    )
    def get(self, request: Request) -> Response:
        agencies = policies.visible_agencies(request.user).order_by("code")
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(agencies, request, view=self)
        return paginator.get_paginated_response(
            AgencyOutputSerializer(page, many=True).data
        )


class AccountMeApi(APIView):
    @extend_schema(responses=AccountMeOutputSerializer, tags=["accounts"])
    def get(self, request: Request) -> Response:
        user = request.user
        data = {
            "id": user.pk,
            "full_name": user.full_name,
            "nik_masked": mask_nik(user.nik),
            "email": user.email,
            "phone": user.phone,
            "is_staff": user.is_staff,
            "agency": user.agency.short_name if user.agency_id else None,
            "roles": sorted(user.role_names),
            "language": user.language,
        }
        return Response(AccountMeOutputSerializer(data).data)


class SignupCreateApi(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [ratelimit.NamedRateThrottle]
    rate_limit_name = "signup"

    @extend_schema(
        request=SignupInputSerializer,
        responses={201: SignupOutputSerializer},
        tags=["accounts"],
    )
    def post(self, request: Request) -> Response:
        serializer = SignupInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        result = services.citizen_signup(
            nik=data["nik"],
            full_name=data["full_name"],
            birth_date=data["birth_date"],
            email=data.get("email") or None,
            phone=data.get("phone") or None,
            password=data["password"],
            language=data["language"],
        )
        output = {
            "signup_id": result.signup_id,
            "channel": result.channel,
            "destination": result.destination,
        }
        return Response(
            SignupOutputSerializer(output).data, status=status.HTTP_201_CREATED
        )


class SignupVerifyApi(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [ratelimit.NamedRateThrottle]
    rate_limit_name = "signup_verify"

    @extend_schema(
        request=SignupVerifyInputSerializer,
        responses={204: None},
        tags=["accounts"],
    )
    def post(self, request: Request, signup_id: str) -> Response:
        serializer = SignupVerifyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.citizen_verify(
            user_id=signup_id, code=serializer.validated_data["code"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
