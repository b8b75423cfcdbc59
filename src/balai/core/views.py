# SPDX-License-Identifier: EUPL-1.2
"""Health probes for load balancers and orchestrators."""

from __future__ import annotations

import posixpath
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404, HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve

from balai.core.storage import storage_ready


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and answers; checks nothing else."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready to serve: the database answers and every migration is applied (else 503).

    The cache and the private file storage are checked too and reported; when one of
    them fails the answer stays 200 with ``"status": "degraded"``: they are shared by
    every instance, so taking all of them out of the load balancer would turn a partial
    outage (no uploads, per-process rate limits) into a total one.
    """
    checks: dict[str, str] = {}
    ready = True
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # any driver error means "not ready"
        checks["database"] = "unreachable"
        connection.close_if_unusable_or_obsolete()
        return JsonResponse({"status": "unavailable", "checks": checks}, status=503)
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        ready = False
        checks["migrations"] = f"{len(plan)} pending"
    else:
        checks["migrations"] = "ok"
    checks["cache"] = _cache_check()
    checks["storage"] = storage_ready()
    degraded = checks["cache"] != "ok" or checks["storage"] != "ok"
    status = "unavailable" if not ready else "degraded" if degraded else "ok"
    return JsonResponse(
        {"status": status, "checks": checks}, status=200 if ready else 503
    )


def _cache_check() -> str:
    key = f"balai:readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=10)
        value = cache.get(key)
        cache.delete(key)
    except Exception as exc:  # a cache that raises is not ready
        return f"unreachable ({type(exc).__name__})"
    if getattr(cache, "degraded", False):
        return "degraded (memory fallback: Redis is not answering)"
    return "ok" if value == "1" else "not storing"


def public_media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Serve public media in development; anything under private/ is refused."""
    normalised = posixpath.normpath(path).lstrip("/")
    if normalised == "private" or normalised.startswith(("private/", "..")):
        raise Http404
    return serve(request, normalised, document_root=str(settings.MEDIA_ROOT))
