# SPDX-License-Identifier: EUPL-1.2
"""The officers' steps on ``/api/v1/applications/``, as the officer pages offer them:
claim, assign (agency head), check documents, request a revision, escalate, approve,
reject; plus the inbox counts and the satisfaction index of the caller's agencies.

Staff of other agencies get 404 for an application (its existence is not theirs to
know); a step the caller may not take is 403, one the state machine refuses 409.
"""

from __future__ import annotations

import uuid

from django.http import Http404

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from balai.cases import policies, selectors, services
from balai.cases.api.serializers import (
    ApplicationApproveInputSerializer,
    ApplicationAssignInputSerializer,
    ApplicationColleagueOutputSerializer,
    ApplicationDetailOutputSerializer,
    ApplicationDocumentCheckInputSerializer,
    ApplicationInboxCountsOutputSerializer,
    ApplicationReasonInputSerializer,
    ApplicationRevisionInputSerializer,
    SatisfactionOutputSerializer,
)
from balai.cases.api.views.common import PROBLEM, TAGS, detail, load
from balai.cases.constants import DocumentCheck

STEP = {200: ApplicationDetailOutputSerializer, 403: PROBLEM, 404: PROBLEM}
DECISION = {**STEP, 400: PROBLEM, 409: PROBLEM}


class ApplicationClaimApi(APIView):
    @extend_schema(
        request=None,
        responses={**STEP, 409: PROBLEM},
        tags=TAGS,
        summary="Take an application into review (officers and heads)",
    )
    def post(self, request: Request, application_id: uuid.UUID) -> Response:
        application = services.application_claim(
            actor=request.user, application=load(request, application_id)
        )
        return detail(application)


class ApplicationColleagueListApi(APIView):
    @extend_schema(
        responses={
            200: ApplicationColleagueOutputSerializer(many=True),
            403: PROBLEM,
            404: PROBLEM,
        },
        tags=TAGS,
        summary="Officers the agency head may assign the application to",
    )
    def get(self, request: Request, application_id: uuid.UUID) -> Response:
        application = load(request, application_id)
        policies.ensure_can_lead_application(request.user, application)
        rows = selectors.colleagues(application)
        return Response(ApplicationColleagueOutputSerializer(rows, many=True).data)


class ApplicationAssignApi(APIView):
    @extend_schema(
        request=ApplicationAssignInputSerializer,
        responses=DECISION,
        tags=TAGS,
        summary="Hand the application to a colleague of the agency (agency head)",
    )
    def post(self, request: Request, application_id: uuid.UUID) -> Response:
        serializer = ApplicationAssignInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = services.application_assign(
            actor=request.user,
            application=load(request, application_id),
            officer_id=serializer.validated_data["officer"],
        )
        return detail(application)


class ApplicationDocumentCheckApi(APIView):
    @extend_schema(
        request=ApplicationDocumentCheckInputSerializer,
        responses=DECISION,
        tags=TAGS,
        summary="Accept or reject one uploaded document (a note says why not)",
    )
    def post(
        self, request: Request, application_id: uuid.UUID, document_id: uuid.UUID
    ) -> Response:
        serializer = ApplicationDocumentCheckInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = load(request, application_id)
        document = application.documents.filter(pk=document_id).first()
        if document is None:
            raise Http404("no such document")
        services.document_check(
            actor=request.user,
            document=document,
            ok=serializer.validated_data["decision"] == DocumentCheck.OK,
            note=serializer.validated_data.get("note") or "",
        )
        return detail(application)


class ApplicationRequestRevisionApi(APIView):
    @extend_schema(
        request=ApplicationRevisionInputSerializer,
        responses=DECISION,
        tags=TAGS,
        summary="Ask the citizen for a revision or more documents (the clock stops)",
    )
    def post(self, request: Request, application_id: uuid.UUID) -> Response:
        serializer = ApplicationRevisionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = load(request, application_id)
        services.revision_request(
            actor=request.user,
            application=application,
            reason=serializer.validated_data["reason"],
            requirement_codes=serializer.validated_data["requirements"],
        )
        return detail(application)


class ApplicationEscalateApi(APIView):
    @extend_schema(
        request=ApplicationReasonInputSerializer,
        responses=DECISION,
        tags=TAGS,
        summary="Pass the application to the agency head, who alone acts on it then",
    )
    def post(self, request: Request, application_id: uuid.UUID) -> Response:
        serializer = ApplicationReasonInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = services.application_escalate(
            actor=request.user,
            application=load(request, application_id),
            reason=serializer.validated_data["reason"],
        )
        return detail(application)


class ApplicationApproveApi(APIView):
    @extend_schema(
        request=ApplicationApproveInputSerializer,
        responses=DECISION,
        tags=TAGS,
        summary="Sign the due step of the approval chain; the last one approves "
        "(register change, signed document, completed)",
    )
    def post(self, request: Request, application_id: uuid.UUID) -> Response:
        serializer = ApplicationApproveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        application = services.application_approve(
            actor=request.user,
            application=load(request, application_id),
            reason=data.get("reason") or "",
            confirmed=data["confirm"],
            override_reason=data.get("override_reason") or "",
        )
        return detail(application)


class ApplicationRejectApi(APIView):
    @extend_schema(
        request=ApplicationReasonInputSerializer,
        responses=DECISION,
        tags=TAGS,
        summary="Reject with a reason the citizen reads (officers)",
    )
    def post(self, request: Request, application_id: uuid.UUID) -> Response:
        serializer = ApplicationReasonInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = services.application_reject(
            actor=request.user,
            application=load(request, application_id),
            reason=serializer.validated_data["reason"],
        )
        return detail(application)


class ApplicationInboxCountsApi(APIView):
    @extend_schema(
        responses={200: ApplicationInboxCountsOutputSerializer, 403: PROBLEM},
        tags=TAGS,
        summary="The agency inbox's counts: per status, due soon, overdue, mine",
    )
    def get(self, request: Request) -> Response:
        counts = selectors.inbox_counts(user=request.user)
        return Response(ApplicationInboxCountsOutputSerializer(counts).data)


class SatisfactionApi(APIView):
    @extend_schema(
        responses={200: SatisfactionOutputSerializer, 403: PROBLEM},
        tags=TAGS,
        summary="The satisfaction index (IKM) of the caller's agencies, per service",
    )
    def get(self, request: Request) -> Response:
        summary = selectors.satisfaction_summary(user=request.user)
        return Response(SatisfactionOutputSerializer(summary).data)
