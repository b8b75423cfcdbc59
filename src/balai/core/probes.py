# SPDX-License-Identifier: EUPL-1.2
"""Answer health probes before host validation.

Load balancers, orchestrators and Prometheus call ``/healthz``, ``/readyz`` and
``/metrics`` by IP address, which is not in ALLOWED_HOSTS; these read-only paths answer
without checking the host (``/metrics`` checks its own token or address allow-list).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from balai.core import metrics, views

_PROBES = {
    "/healthz": views.healthz,
    "/readyz": views.readyz,
    "/metrics": metrics.metrics_view,
}


class HealthProbeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = _PROBES.get(request.path_info)
        if probe is not None and request.method in {"GET", "HEAD"}:
            return probe(request)
        return self.get_response(request)
