# SPDX-License-Identifier: EUPL-1.2
"""The exchange API: verify an identity (one or in bulk), fetch the agreed fields."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from balai.core.api.parsers import LimitedJSONParser
from balai.registry.exchange import lean, selectors
from balai.registry.exchange.auth import (
    ApiClientAuthentication,
    ApiClientRateThrottle,
    HasCurrentAgreement,
    SignedInPersonRefusal,
)
from balai.registry.exchange.schema import ERRORS, NOT_FOUND, PURPOSE_PARAMETER
from balai.registry.exchange.serializers import (
    RegistryBulkVerifyInputSerializer,
    RegistryBulkVerifyResultSerializer,
    RegistryIdentityVerifyInputSerializer,
    RegistryIdentityVerifyOutputSerializer,
    RegistryResidentNikSerializer,
    RegistryResidentOutputSerializer,
)

TAGS = ["registry"]


class ExchangeApi(APIView):
    """Client credential only; a signed-in person's session is recognised to be
    refused with 403 rather than asked to authenticate."""

    authentication_classes = [ApiClientAuthentication, SignedInPersonRefusal]
    parser_classes = [LimitedJSONParser]
    permission_classes = [HasCurrentAgreement]
    throttle_classes = [ApiClientRateThrottle]


class IdentityVerifyApi(ExchangeApi):
    @extend_schema(
        operation_id="registry_identity_verify",
        summary="Verify an identity (NIK, name, date of birth)",
        description=(
            "Answers `match`, `no_match` or `deceased` and nothing else. Names are "
            "compared after normalisation (case, spacing, titles); the birth date "
            "must be exact. An unknown NIK is `no_match`."
        ),
        request=RegistryIdentityVerifyInputSerializer,
        responses={200: RegistryIdentityVerifyOutputSerializer, **ERRORS},
        parameters=[PURPOSE_PARAMETER],
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        serializer = RegistryIdentityVerifyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = selectors.identity_verify(
            client=request.auth, claim=serializer.claim()
        )
        return Response({"result": str(result)})


class IdentityVerifyBulkApi(ExchangeApi):
    @extend_schema(
        operation_id="registry_identity_verify_bulk",
        summary="Verify up to 10,000 identities",
        description=(
            "One result per record, in the order sent, each with the caller's `ref`."
        ),
        request=RegistryBulkVerifyInputSerializer,
        responses={200: RegistryBulkVerifyResultSerializer(many=True), **ERRORS},
        parameters=[PURPOSE_PARAMETER],
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        serializer = RegistryBulkVerifyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        results = selectors.identity_verify_bulk(
            client=request.auth, claims=serializer.claims()
        )
        rows = [
            {"ref": ref, "result": result}
            for ref, result in zip(serializer.refs(), results, strict=True)
        ]
        return Response(RegistryBulkVerifyResultSerializer(rows, many=True).data)


class ResidentFetchApi(ExchangeApi):
    # The usual lookup is answered by ``lean.answer`` (the same bytes and headers
    # without DRF's generic steps); anything else by DRF, as before.
    lean = True

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if self.lean:
            response = lean.answer(self, request, *args, **kwargs)
            if response is not None:
                return response
        return super().dispatch(request, *args, **kwargs)

    @extend_schema(
        operation_id="registry_resident_fetch",
        summary="Fetch the agreed fields of a resident",
        description=(
            "Only the fields the client's data-sharing agreement allows; `fields` "
            "lists them."
        ),
        request=RegistryResidentNikSerializer,
        responses={200: RegistryResidentOutputSerializer, **ERRORS, **NOT_FOUND},
        parameters=[PURPOSE_PARAMETER],
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        serializer = RegistryResidentNikSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = selectors.resident_release(
            client=request.auth, nik=serializer.validated_data["nik"]
        )
        return Response(lean.resident_output(data))
