# SPDX-License-Identifier: EUPL-1.2
"""Answer health probes before host validation.

Load balancers and orchestrators call ``/healthz`` and ``/readyz`` by IP address, which
is not in ALLOWED_HOSTS; these two read-only paths answer without checking the host.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from balai.core import views

_PROBES = {"/healthz": views.healthz, "/readyz": views.readyz}


class HealthProbeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = _PROBES.get(request.path_info)
        if probe is not None and request.method in {"GET", "HEAD"}:
            return probe(request)
        return self.get_response(request)
