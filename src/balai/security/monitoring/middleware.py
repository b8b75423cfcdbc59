# SPDX-License-Identifier: EUPL-1.2
"""Recording permission denials: pages that raise PermissionDenied, API 403s.

Place ``PermissionDeniedMiddleware`` after the authentication middleware (it names
the user), before accounts' two-factor middleware (whose API 403s for staff without a
second factor count too). Rate limits answer 429 without raising PermissionDenied,
so they are not counted here. It never changes a response:
Django's 403 handler and DRF's problem responses still run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from balai.security.monitoring.constants import EventKind
from balai.security.monitoring.receivers import record_safely

_RECORDED = "_security_denial_recorded"
_POLICY_ACTION = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
API_PREFIX = "/api/"


def record_permission_denied(request: HttpRequest, reason: str) -> None:
    """Record one denial of ``request`` (once per request); ``reason`` is a code."""
    if getattr(request, _RECORDED, False):
        return
    setattr(request, _RECORDED, True)
    user = getattr(request, "user", None)
    actor = user if user is not None and user.is_authenticated else None
    record_safely(
        kind=EventKind.PERMISSION_DENIED,
        actor=actor,
        path=request.path,
        details={"reason": reason, "method": request.method},
    )


def _reason(exception: PermissionDenied) -> str:
    """The policy action that denied (``security.view_audit``), else a generic code."""
    first = exception.args[0] if exception.args else ""
    if isinstance(first, str) and _POLICY_ACTION.match(first):
        return first
    return "permission_denied"


class PermissionDeniedMiddleware:
    """Record PermissionDenied raised by views and 403 responses of the API."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403 and request.path.startswith(API_PREFIX):
            record_permission_denied(request, "api_forbidden")
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> Any:
        if isinstance(exception, PermissionDenied):
            record_permission_denied(request, _reason(exception))
        return None
