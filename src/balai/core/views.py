# SPDX-License-Identifier: EUPL-1.2
"""Health probes for load balancers and orchestrators."""

from __future__ import annotations

import posixpath

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404, HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and answers; checks nothing else."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready to serve: the database answers and every migration is applied."""
    checks: dict[str, str] = {}
    ready = True
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # any driver error means "not ready"
        checks["database"] = "unreachable"
        return JsonResponse({"status": "unavailable", "checks": checks}, status=503)
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        ready = False
        checks["migrations"] = f"{len(plan)} pending"
    else:
        checks["migrations"] = "ok"
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


def public_media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Serve public media in development; anything under private/ is refused."""
    normalised = posixpath.normpath(path).lstrip("/")
    if normalised == "private" or normalised.startswith(("private/", "..")):
        raise Http404
    return serve(request, normalised, document_root=str(settings.MEDIA_ROOT))
