# SPDX-License-Identifier: EUPL-1.2
"""Plumbing views of the API: unknown API paths answer in problem+json too."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from balai.core.api.problems import PROBLEM_CONTENT_TYPE


@csrf_exempt  # a POST to an unknown API path is a 404, not an HTML CSRF page
def api_not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """404 in problem+json for any path under /api/ that no endpoint claims."""
    return JsonResponse(
        {
            "type": "https://balai.go.id/problems/not_found",
            "code": "not_found",
            "title": _("Not found"),
            "status": 404,
            "detail": _("No API endpoint at this address."),
        },
        status=404,
        content_type=PROBLEM_CONTENT_TYPE,
    )


class PingApi(APIView):
    """``GET /api/v1/ping/``: the API answers, with the server's clock.

    Goes through the whole middleware and DRF stack (unlike /healthz, which answers
    before it), so callers can tell "the API is up" and check their clock skew. It
    reads nothing and needs no credential; the benchmarks use it as the trivial view.
    """

    authentication_classes: list[type[Any]] = []
    permission_classes = [AllowAny]
    throttle_classes: list[type[Any]] = []

    @extend_schema(
        responses=inline_serializer(
            "Ping",
            {"status": serializers.CharField(), "time": serializers.DateTimeField()},
        ),
        tags=["meta"],
    )
    def get(self, request: Request) -> Response:
        return Response({"status": "ok", "time": timezone.now()})
