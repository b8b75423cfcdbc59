# SPDX-License-Identifier: EUPL-1.2
"""Public regions API: list/search and detail. Reference data, open to everyone."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from balai.core.api.pagination import LimitOffsetPagination
from balai.regions import selectors
from balai.regions.api.serializers import (
    RegionDetailOutputSerializer,
    RegionListFilterSerializer,
    RegionOutputSerializer,
)


class RegionListApi(APIView):
    """List regions, filtered by level and parent, or search them by name."""

    permission_classes = [permissions.AllowAny]
    pagination_class = LimitOffsetPagination

    @extend_schema(
        operation_id="regions_list",
        parameters=[RegionListFilterSerializer],
        responses={
            200: RegionOutputSerializer(many=True),
            400: OpenApiResponse(
                description=gettext_lazy("Invalid filter (problem+json).")
            ),
        },
        tags=["regions"],
    )
    def get(self, request: Request) -> Response:
        filters = RegionListFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        regions = selectors.region_list(  # blank parameters count as absent
            level=data.get("level") or None,
            parent_code=data.get("parent") or None,
            query=data.get("q") or None,
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(regions, request, view=self)
        return paginator.get_paginated_response(
            RegionOutputSerializer(page, many=True).data
        )


class RegionDetailApi(APIView):
    """One region by dotted or undotted code, with its path from the province."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="regions_retrieve",
        parameters=[
            OpenApiParameter(
                "code",
                str,
                OpenApiParameter.PATH,
                description="Kemendagri code, dotted (32.04.05) or undotted (320405).",
            )
        ],
        responses={
            200: RegionDetailOutputSerializer,
            404: OpenApiResponse(description=gettext_lazy("No region has this code.")),
        },
        tags=["regions"],
    )
    def get(self, request: Request, code: str) -> Response:
        path = selectors.region_path(code)
        if not path:
            raise NotFound(_("No region has this code."))
        region = path[-1]
        serializer = RegionDetailOutputSerializer(region, context={"path": path[:-1]})
        return Response(serializer.data)
