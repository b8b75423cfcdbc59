# SPDX-License-Identifier: EUPL-1.2
"""``/api/v1/applications/``: the list, one application, and the citizen's steps.

Each operation fetches through a selector (404 for what the caller may not see),
calls one service and returns the application; domain errors leave as problem+json.
The citizen's steps mirror the pages: start, upload, submit, answer a revision,
withdraw, download the signed document, answer the survey.
"""

from __future__ import annotations

import uuid

from django.http import FileResponse, Http404, HttpResponse

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from balai.cases import catalog_access, policies, selectors, services
from balai.cases.api.serializers import (
    ApplicationAnswerInputSerializer,
    ApplicationCreateInputSerializer,
    ApplicationDetailOutputSerializer,
    ApplicationDocumentInputSerializer,
    ApplicationListFilterInputSerializer,
    ApplicationNoteInputSerializer,
    ApplicationOutputSerializer,
    ApplicationSubmitInputSerializer,
    ApplicationSurveyInputSerializer,
)
from balai.cases.api.views.common import FILE, PROBLEM, TAGS, detail, load, load_own
from balai.cases.constants import IKM_ELEMENTS
from balai.cases.output import output_pdf
from balai.core.api.pagination import LimitOffsetPagination
from balai.core.api.schema import paginated
from balai.core.errors import BalaiError, NotFound


class ApplicationListApi(APIView):
    @extend_schema(
        operation_id="applications_list",
        parameters=[ApplicationListFilterInputSerializer],
        responses={200: paginated(ApplicationOutputSerializer), 400: PROBLEM},
        tags=TAGS,
        summary="Applications the caller may see (filter by status, service, SLA)",
    )
    def get(self, request: Request) -> Response:
        # a plain dict, not the QueryDict: DRF reads "" in form data as "not given",
        # while the API documents each filter's values ("?status=" is a 400)
        filters = ApplicationListFilterInputSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        rows = selectors.application_list(
            user=request.user, filters=selectors.InboxFilter(**filters.validated_data)
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
        return detail(application, status.HTTP_201_CREATED)


class ApplicationDetailApi(APIView):
    @extend_schema(
        responses={200: ApplicationDetailOutputSerializer, 404: PROBLEM},
        tags=TAGS,
        summary="One application: answers, documents, requests, timeline",
    )
    def get(self, request: Request, application_id: uuid.UUID) -> Response:
        return Response(
            ApplicationDetailOutputSerializer(load(request, application_id)).data
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
        application = load(request, application_id)
        services.document_upload(
            actor=request.user,
            application=application,
            requirement_code=serializer.validated_data["requirement"],
            file=serializer.validated_data["file"],
        )
        return detail(application, status.HTTP_201_CREATED)


class ApplicationDocumentDownloadApi(APIView):
    @extend_schema(
        responses={(200, "*/*"): FILE, 404: PROBLEM},
        tags=TAGS,
        summary="An uploaded document (the applicant, the agency's staff: audited)",
    )
    def get(
        self, request: Request, application_id: uuid.UUID, document_id: uuid.UUID
    ) -> FileResponse:
        try:
            document = selectors.document_for_user(
                user=request.user,
                application_id=application_id,
                document_id=document_id,
            )
        except NotFound as exc:
            raise Http404(exc.message) from exc
        extension = (document.file.name or "").rsplit(".", 1)[-1]
        response = FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=f"{document.requirement_code}.{extension}",
            content_type=document.content_type,
        )
        response["Cache-Control"] = "no-store"
        return response


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
            application=load(request, application_id),
            submit_key=serializer.validated_data.get("idempotency_key") or "",
        )
        return detail(application)


class ApplicationAnswerApi(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        request={"multipart/form-data": ApplicationAnswerInputSerializer},
        responses={
            200: ApplicationDetailOutputSerializer,
            400: PROBLEM,
            404: PROBLEM,
            409: PROBLEM,
        },
        tags=TAGS,
        summary="Answer the officer's request for revision: text and new documents",
    )
    def post(self, request: Request, application_id: uuid.UUID) -> Response:
        serializer = ApplicationAnswerInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        application = load_own(request, application_id)
        services.information_request_answer(
            actor=request.user,
            application=application,
            text=data.get("text") or "",
            files=list(zip(data["requirements"], data["files"], strict=True)),
        )
        return detail(application)


class ApplicationWithdrawApi(APIView):
    @extend_schema(
        request=ApplicationNoteInputSerializer,
        responses={200: ApplicationDetailOutputSerializer, 404: PROBLEM, 409: PROBLEM},
        tags=TAGS,
        summary="Withdraw an application not decided yet (citizens)",
    )
    def post(self, request: Request, application_id: uuid.UUID) -> Response:
        serializer = ApplicationNoteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = services.application_withdraw(
            actor=request.user,
            application=load(request, application_id),
            reason=serializer.validated_data.get("reason") or "",
        )
        return detail(application)


class ApplicationOutputApi(APIView):
    @extend_schema(
        responses={(200, "application/pdf"): FILE, 404: PROBLEM},
        tags=TAGS,
        summary="The signed document of a completed application (its applicant)",
    )
    def get(self, request: Request, application_id: uuid.UUID) -> HttpResponse:
        application = load_own(request, application_id)
        try:
            content = output_pdf(application)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        response = HttpResponse(content, content_type="application/pdf")
        filename = f"{application.number}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response


class ApplicationSurveyApi(APIView):
    @extend_schema(
        request=ApplicationSurveyInputSerializer,
        responses={
            201: ApplicationDetailOutputSerializer,
            400: PROBLEM,
            404: PROBLEM,
            409: PROBLEM,
        },
        tags=TAGS,
        summary="The satisfaction survey (IKM), once per completed application",
    )
    def post(self, request: Request, application_id: uuid.UUID) -> Response:
        serializer = ApplicationSurveyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        application = load_own(request, application_id)
        services.survey_submit(
            actor=request.user,
            application=application,
            scores={name: data[name] for name, _label in IKM_ELEMENTS},
            comment=data.get("comment") or "",
        )
        return detail(application, status.HTTP_201_CREATED)
