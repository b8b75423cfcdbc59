# SPDX-License-Identifier: EUPL-1.2
"""Plumbing views of the API: unknown API paths answer in problem+json too."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

from balai.core.api.problems import PROBLEM_CONTENT_TYPE


def api_not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """404 in problem+json for any path under /api/ that no endpoint claims."""
    return JsonResponse(
        {
            "type": "https://balai.go.id/problems/not_found",
            "code": "not_found",
            "title": "Not found",
            "status": 404,
            "detail": _("No API endpoint at this address."),
        },
        status=404,
        content_type=PROBLEM_CONTENT_TYPE,
    )
