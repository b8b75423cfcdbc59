# SPDX-License-Identifier: EUPL-1.2
"""``/api/v1/applications/``: citizens their own, officers their agency's.

Each operation fetches through a selector (404 for what the caller may not see),
calls one service and returns the application; domain errors leave as problem+json.
"""

from __future__ import annotations

import uuid

from django.http import Http404

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from balai.cases import catalog_access, policies, selectors, services
from balai.cases.api.serializers import (
    ApplicationCreateInputSerializer,
    ApplicationDetailOutputSerializer,
    ApplicationDocumentInputSerializer,
    ApplicationNoteInputSerializer,
    ApplicationOutputSerializer,
    ApplicationReasonInputSerializer,
    ApplicationRevisionInputSerializer,
    ApplicationSubmitInputSerializer,
)
from balai.cases.models import Application
from balai.core.api.pagination import LimitOffsetPagination
from balai.core.api.schema import paginated
from balai.core.errors import BalaiError, NotFound

TAGS = ["applications"]
PROBLEM = OpenApiResponse(description="Problem details (RFC 9457).")


def _get(request: Request, application_id: uuid.UUID) -> Application:
    try:
        return selectors.application_get(
            user=request.user, application_id=application_id
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _detail(application: Application, code: int = status.HTTP_200_OK) -> Response:
    application.refresh_from_db()
    return Response(ApplicationDetailOutputSerializer(application).data, status=code)


class ApplicationListApi(APIView):
    @extend_schema(
        operation_id="applications_list",
        responses=paginated(ApplicationOutputSerializer),
        tags=TAGS,
        summary="Applications the caller may see",
    )
    def get(self, request: Request) -> Response:
        rows = (
            policies.visible_applications(request.user)
            .select_related("agency")
            .order_by("-created_at")
        )
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(
            ApplicationOutputSerializer(page, many=True).data
        )

    @extend_schema(
        request=ApplicationCreateInputSerializer,
        responses={201: ApplicationDetailOutputSerializer, 400: PROBLEM, 404: PROBLEM},
        tags=TAGS,
        summary="Start a draft application (citizens)",
    )
    def post(self, request: Request) -> Response:
        serializer = ApplicationCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        policies.ensure_can_apply(request.user)
        try:
            service = catalog_access.service_get(data["service"])
        except BalaiError as exc:
            raise Http404(exc.message) from exc
        application = services.application_start(
            actor=request.user,
            service=service,
            answers=data["answers"],
            idempotency_key=data.get("idempotency_key") or "",
        )
        return _detail(application, status.HTTP_201_CREATED)


class ApplicationDetailApi(APIView):
    @extend_schema(
        responses={200: ApplicationDetailOutputSerializer, 404: PROBLEM}, tags=TAGS
    )
    def get(self, request: Request, application_id: uuid.UUID) -> Response:
        return Response(
            ApplicationDetailOutputSerializer(_get(request, application_id)).data
        )


class ApplicationDocumentCreateApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ApplicationDocumentInputSerializer},
        responses={201: ApplicationDetailOutputSerializer, 400: PROBLEM},
        tags=TAGS,
        summary="Upload a document to a draft (citizens)",
    )
    def post(self, request: Request, application_id: uuid.UUID) -> Response:
        serializer = ApplicationDocumentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = _get(request, application_id)
        services.document_upload(
            actor=request.user,
            application=application,
            requirement_code=serializer.validated_data["requirement"],
            file=serializer.validated_data["file"],
        )
        return _detail(application, status.HTTP_201_CREATED)


class ApplicationSubmitApi(APIView):
    @extend_schema(
        request=ApplicationSubmitInputSerializer,
        responses={200: ApplicationDetailOutputSerializer, 400: PROBLEM, 409: PROBLEM},
        tags=TAGS,
        summary="Submit a draft (idempotent with the same key)",
    )
    def post(self, request: Request, application_id: uuid.UUID) -> Response:
        serializer = ApplicationSubmitInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = services.application_submit(
            actor=request.user,
            application=_get(request, application_id),
            submit_key=serializer.validated_data.get("idempotency_key") or "",
        )
        return _detail(application)


class ApplicationWithdrawApi(APIView):
    @extend_schema(
        request=ApplicationNoteInputSerializer,
        responses={200: ApplicationDetailOutputSerializer, 409: PROBLEM},
        tags=TAGS,
    )
    def post(self, request: Request, application_id: uuid.UUID) -> Response:
        serializer = ApplicationNoteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = services.application_withdraw(
            actor=request.user,
            application=_get(request, application_id),
            reason=serializer.validated_data.get("reason") or "",
        )
        return _detail(application)


class ApplicationClaimApi(APIView):
    @extend_schema(
        request=None,
        responses={200: ApplicationDetailOutputSerializer, 403: PROBLEM, 409: PROBLEM},
        tags=TAGS,
        summary="Take an application into review (officers)",
    )
    def post(self, request: Request, application_id: uuid.UUID) -> Response:
        application = services.application_claim(
            actor=request.user, application=_get(request, application_id)
        )
        return _detail(application)


class ApplicationRequestRevisionApi(APIView):
    @extend_schema(
        request=ApplicationRevisionInputSerializer,
        responses={200: ApplicationDetailOutputSerializer, 403: PROBLEM, 409: PROBLEM},
        tags=TAGS,
    )
    def post(self, request: Request, application_id: uuid.UUID) -> Response:
        serializer = ApplicationRevisionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = _get(request, application_id)
        services.revision_request(
            actor=request.user,
            application=application,
            reason=serializer.validated_data["reason"],
            requirement_codes=serializer.validated_data["requirements"],
        )
        return _detail(application)


class ApplicationApproveApi(APIView):
    @extend_schema(
        request=ApplicationNoteInputSerializer,
        responses={200: ApplicationDetailOutputSerializer, 403: PROBLEM, 409: PROBLEM},
        tags=TAGS,
        summary="Approve: register change, signed document, completed (officers)",
    )
    def post(self, request: Request, application_id: uuid.UUID) -> Response:
        serializer = ApplicationNoteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = services.application_approve(
            actor=request.user,
            application=_get(request, application_id),
            reason=serializer.validated_data.get("reason") or "",
        )
        return _detail(application)


class ApplicationRejectApi(APIView):
    @extend_schema(
        request=ApplicationReasonInputSerializer,
        responses={200: ApplicationDetailOutputSerializer, 403: PROBLEM, 409: PROBLEM},
        tags=TAGS,
    )
    def post(self, request: Request, application_id: uuid.UUID) -> Response:
        serializer = ApplicationReasonInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = services.application_reject(
            actor=request.user,
            application=_get(request, application_id),
            reason=serializer.validated_data["reason"],
        )
        return _detail(application)
