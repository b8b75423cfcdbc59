# SPDX-License-Identifier: EUPL-1.2
"""What the applications API views share: loading through the selector, the answer."""

from __future__ import annotations

import uuid

from django.http import Http404

from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from balai.cases import selectors
from balai.cases.api.serializers import ApplicationDetailOutputSerializer
from balai.cases.models import Application
from balai.core.errors import NotFound

TAGS = ["applications"]
PROBLEM = OpenApiResponse(description="Problem details (RFC 9457).")
FILE = OpenApiResponse(description="The file itself (its own content type).")


def load(request: Request, application_id: uuid.UUID) -> Application:
    """An application the caller may see (staff reads are audited); 404 otherwise."""
    try:
        return selectors.application_get(
            user=request.user, application_id=application_id
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc


def load_own(request: Request, application_id: uuid.UUID) -> Application:
    """The caller's own application; 404 for anyone else's, as on the pages."""
    application = load(request, application_id)
    if application.applicant_id != request.user.pk:
        raise Http404("not the applicant")
    return application


def detail(application: Application, code: int = status.HTTP_200_OK) -> Response:
    application.refresh_from_db()
    return Response(ApplicationDetailOutputSerializer(application).data, status=code)
