# SPDX-License-Identifier: EUPL-1.2
"""Public, read-only catalog API: the service list (with search) and one service.

Answers are the same for everyone and change only when the catalog files change, so
they carry ``Cache-Control: public`` and an ETag of the loaded catalog.
"""

from __future__ import annotations

from django.utils.cache import patch_cache_control, patch_response_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from balai.catalog import selectors
from balai.catalog.api.serializers import (
    CatalogServiceDetailOutputSerializer,
    CatalogServiceFilterSerializer,
    CatalogServiceOutputSerializer,
)
from balai.catalog.constants import ErrorCode
from balai.catalog.definitions import ServiceDefinition
from balai.catalog.loader import catalog

CACHE_SECONDS = 300


def _cached(request: Request, response: Response) -> Response:
    """Public caching with the catalog's ETag; 304 when the client has it."""
    etag = f'"{catalog().fingerprint}"'
    if request.headers.get("If-None-Match") == etag:
        response = Response(status=304)
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    patch_response_headers(response, cache_timeout=CACHE_SECONDS)
    return response


_items: dict[tuple[str, str, str], dict] = {}


def _list_item(service: ServiceDefinition, request: Request) -> dict:
    """A service as listed, serialized once per loaded catalog and host (the items
    are the same for every request; serializing them is most of a request's work)."""
    key = (catalog().fingerprint, request.build_absolute_uri("/"), service.slug)
    item = _items.get(key)
    if item is None:
        if len(_items) > 1000:  # catalogs reloaded many times: start afresh
            _items.clear()
        context = {
            "request": request,
            "agency_names": selectors.agency_display_names([service.agency]),
        }
        item = dict(CatalogServiceOutputSerializer(service, context=context).data)
        _items[key] = item
    return item


class CatalogServiceListApi(APIView):
    """Every service of the catalog, by Indonesian name, or search results.

    A plain JSON array, not a page: the catalog is small (tens of services), public
    and cached, and a client asking for the list gets every service in one answer.
    """

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="catalog_services_list",
        parameters=[CatalogServiceFilterSerializer],
        responses={
            200: CatalogServiceOutputSerializer(many=True),
            400: OpenApiResponse(
                description=gettext_lazy("Invalid filter (problem+json).")
            ),
        },
        tags=["catalog"],
    )
    def get(self, request: Request) -> Response:
        filters = CatalogServiceFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        query = filters.validated_data.get("q", "").strip()
        life_event = filters.validated_data.get("life_event") or ""
        if query:
            services = selectors.service_search(query, limit=50)
        else:
            services = selectors.service_list()
        if life_event:
            services = [s for s in services if life_event in s.life_events]
        data = [_list_item(service, request) for service in services]
        return _cached(request, Response(data))


class CatalogServiceDetailApi(APIView):
    """One service with its requirements, steps and application form schema."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="catalog_services_retrieve",
        parameters=[
            OpenApiParameter(
                "slug", str, OpenApiParameter.PATH, description="e.g. akta-kelahiran"
            )
        ],
        responses={
            200: CatalogServiceDetailOutputSerializer,
            404: OpenApiResponse(
                description=gettext_lazy("No service has this slug (problem+json).")
            ),
        },
        tags=["catalog"],
    )
    def get(self, request: Request, slug: str) -> Response:
        try:
            service = selectors.service_get(slug)
        except selectors.ServiceNotFound:
            raise NotFound(
                _("No service has this slug."), code=ErrorCode.SERVICE_NOT_FOUND
            ) from None
        context = {
            "request": request,
            "agency_names": selectors.agency_display_names([service.agency]),
        }
        data = CatalogServiceDetailOutputSerializer(service, context=context).data
        return _cached(request, Response(data))
