# SPDX-License-Identifier: EUPL-1.2
"""RFC 9457 problem details for every API error.

Every error leaves the API as ``application/problem+json`` with ``type``, ``title``,
``status``, ``detail``, ``code`` and, for validation errors, ``invalid_params``
(one entry per field error with ``name``, ``code`` and ``reason``).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from balai.core.errors import BalaiError
from balai.core.middleware import current_request_id

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_BASE = "https://balai.go.id/problems/"


def _flatten(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """Turn DRF's nested error detail into a flat list of invalid params."""
    params: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            params.extend(_flatten(value, name))
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                params.extend(
                    _flatten(value, f"{prefix}.{index}" if prefix else str(index))
                )
            else:
                params.extend(_flatten(value, prefix))
    else:
        params.append(
            {
                "name": prefix or "non_field_errors",
                "code": getattr(detail, "code", "invalid") or "invalid",
                "reason": str(detail),
            }
        )
    return params


def problem_response(
    *,
    status_code: int,
    code: str,
    title: str,
    detail: str,
    invalid_params: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """Build a problem+json response."""
    body: dict[str, Any] = {
        "type": f"{PROBLEM_BASE}{code}",
        "code": code,
        "title": title,
        "status": status_code,
        "detail": detail,
    }
    request_id = current_request_id()
    if request_id:
        body["instance"] = f"urn:request:{request_id}"
    if invalid_params:
        body["invalid_params"] = invalid_params
    return Response(
        body, status=status_code, content_type=PROBLEM_CONTENT_TYPE, headers=headers
    )


_TITLES = {
    400: gettext_lazy("Bad request"),
    401: gettext_lazy("Not authenticated"),
    403: gettext_lazy("Permission denied"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    406: gettext_lazy("Not acceptable"),
    409: gettext_lazy("Conflict"),
    413: gettext_lazy("Request too large"),
    415: gettext_lazy("Unsupported media type"),
    429: gettext_lazy("Too many requests"),
}


def _title(status_code: int) -> str:
    """The status' title in the request's language."""
    return str(_TITLES.get(status_code, gettext_lazy("Error")))


def _validation_params(exc: DjangoValidationError) -> list[dict[str, str]]:
    """A Django ValidationError (from ``full_clean`` in a service) as invalid params."""
    if hasattr(exc, "error_dict"):
        return [
            {
                "name": field if field != NON_FIELD_ERRORS else "non_field_errors",
                "code": error.code or "invalid",
                "reason": message,
            }
            for field, errors in exc.error_dict.items()
            for error in errors
            for message in error.messages
        ]
    return [
        {"name": "non_field_errors", "code": error.code or "invalid", "reason": message}
        for error in exc.error_list
        for message in error.messages
    ]


def problem_exception_handler(
    exc: Exception, context: dict[str, Any]
) -> Response | None:
    """DRF exception handler that answers with problem details."""
    if isinstance(exc, BalaiError):
        params = [
            {"name": field, "code": exc.code, "reason": message}
            for field, messages in exc.field_errors.items()
            for message in messages
        ]
        retry_after = exc.extra.get("retry_after")
        return problem_response(
            status_code=exc.status,
            code=exc.code,
            title=_title(exc.status),
            detail=exc.message,
            invalid_params=params or None,
            headers={"Retry-After": str(retry_after)} if retry_after else None,
        )
    if isinstance(exc, DjangoValidationError):
        # a model's full_clean() in a service: the caller's input, never a 500
        return problem_response(
            status_code=status.HTTP_400_BAD_REQUEST,
            code="invalid_input",
            title=_("Invalid input"),
            detail=_("One or more fields are invalid."),
            invalid_params=_validation_params(exc),
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    headers = {
        key: value
        for key, value in response.items()
        if key in {"WWW-Authenticate", "Retry-After", "Allow"}
    }
    if isinstance(exc, exceptions.ValidationError):
        return problem_response(
            status_code=status.HTTP_400_BAD_REQUEST,
            code="invalid_input",
            title=_("Invalid input"),
            detail=_("One or more fields are invalid."),
            invalid_params=_flatten(exc.detail),
            headers=headers,
        )
    assert isinstance(exc, exceptions.APIException)
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    codes = exc.get_codes()
    code = codes if isinstance(codes, str) else exc.default_code
    return problem_response(
        status_code=response.status_code,
        code=str(code),
        title=_title(response.status_code),
        detail=str(detail),
        headers=headers,
    )
