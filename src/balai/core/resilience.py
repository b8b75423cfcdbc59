# SPDX-License-Identifier: EUPL-1.2
"""Answer 503 when the database or the file storage fails mid-request.

A database connection killed under a request (``pg_terminate_backend``, a failover, a
restarted server) raises ``OperationalError``/``InterfaceError`` in whatever query
ran; file storage that does not answer raises ``ServiceUnavailable`` from
``balai.core.storage``. Either way the request's transaction was rolled back, so the
visitor gets a clean 503 (problem+json under ``/api/``, the 503 page otherwise) with
``Retry-After``, and the broken connection is closed at once so the next request
opens a new one: the process recovers without a restart.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

from balai.core.errors import ServiceUnavailable
from balai.core.middleware import current_request_id

logger = logging.getLogger("balai.resilience")

RETRY_AFTER_SECONDS = 30
MINIMAL_503_HTML = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>503</title></head><body>"
    "<h1>Layanan sementara tidak tersedia / Service temporarily unavailable</h1>"
    "<p>Silakan coba lagi sebentar lagi. / Please try again in a minute.</p>"
    "</body></html>"
)


def unavailable_response(request: HttpRequest, detail: str) -> HttpResponse:
    """The 503 answer: problem+json under /api/, else the standalone 503 page."""
    response: HttpResponse
    wants_json = "application/json" in request.headers.get("Accept", "")
    if wants_json or request.path.startswith(("/api/", "/open311/")):
        body = {
            "type": "https://balai.go.id/problems/service_unavailable",
            "code": "service_unavailable",
            "title": _("Service unavailable"),
            "status": 503,
            "detail": detail,
        }
        request_id = current_request_id()
        if request_id:
            body["instance"] = f"urn:request:{request_id}"
        response = JsonResponse(
            body, status=503, content_type="application/problem+json"
        )
    else:
        try:
            html = loader.get_template("503.html").render(
                {"SITE_NAME": settings.SITE_NAME, "detail": detail}
            )
        except Exception:  # the last resort must not raise
            logger.exception("error_page_render_failed")
            html = MINIMAL_503_HTML
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _discard_broken_connections() -> None:
    for alias in connections:
        connection = connections[alias]
        try:
            broken = connection.connection is not None and not connection.is_usable()
        except Exception:
            broken = True
        if broken or (alias == DEFAULT_DB_ALIAS and connection.errors_occurred):
            try:
                connection.close()
            except Exception:
                logger.warning("database_connection_close_failed alias=%s", alias)


def database_error_response(request: HttpRequest) -> HttpResponse | None:
    """For the 500 handler: a 503 if the exception being handled is a lost database
    connection (raised in a middleware, outside ``process_exception``'s reach)."""
    import sys

    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError):
        return ServiceUnavailableMiddleware._database_lost(request, exc)
    return None


class ServiceUnavailableMiddleware:
    """Turn a lost database connection or storage outage into a 503 and recover."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        except (OperationalError, InterfaceError) as exc:
            return ServiceUnavailableMiddleware._database_lost(request, exc)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if isinstance(exception, OperationalError | InterfaceError):
            return ServiceUnavailableMiddleware._database_lost(request, exception)
        if isinstance(exception, ServiceUnavailable):
            logger.error(
                "service_unavailable code=%s path_kind=%s",
                exception.code,
                request.resolver_match.view_name if request.resolver_match else "",
            )
            return unavailable_response(request, exception.message)
        return None

    @staticmethod
    def _database_lost(request: HttpRequest, exc: BaseException) -> HttpResponse:
        logger.error("database_unavailable error=%s", type(exc).__name__)
        _discard_broken_connections()
        from balai.core import metrics

        metrics.record_fault("database")
        return unavailable_response(
            request,
            _(
                "The database is not answering right now. Nothing was saved; "
                "please try again in a minute."
            ),
        )
