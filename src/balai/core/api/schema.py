# SPDX-License-Identifier: EUPL-1.2
"""The OpenAPI schema says what the API really answers.

- ``add_problem_responses`` (a drf-spectacular post-processing hook): every
  operation documents its error answers as ``application/problem+json`` with the
  ``Problem`` schema — 400 (bad input, bad JSON), 401 and 403 (authentication,
  permission, two-factor), 404 (operations with path parameters), 406, 415 (bodies
  in another format), 429 (rate limits, with ``Retry-After``) and 503 (busy);
- ``paginated(Serializer)``: the schema of a limit/offset page (``count``, ``next``,
  ``previous``, ``results``), for views that paginate by hand.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string"},
        "code": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "invalid_params": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "code": {"type": "string"},
                    "reason": {"type": "string"},
                },
                "required": ["name", "reason"],
            },
        },
    },
    "required": ["type", "code", "title", "status", "detail"],
}

_DESCRIPTIONS = {
    "400": "Invalid input (problem+json with invalid_params).",
    "401": "Not authenticated, or the token is invalid or expired.",
    "403": "Not allowed (including staff without two-factor authentication).",
    "404": "Not found (or not visible to the caller).",
    "406": "The Accept header asks for a format the API does not produce.",
    "415": "The body is in a format this operation does not read.",
    "429": "Too many requests; see Retry-After.",
    "503": "Busy; try again shortly.",
}


def _problem(code: str) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": _DESCRIPTIONS[code],
        "content": {
            "application/problem+json": {
                "schema": {"$ref": "#/components/schemas/Problem"}
            }
        },
    }
    if code in ("429", "503"):
        response["headers"] = {
            "Retry-After": {
                "schema": {"type": "integer"},
                "description": "Seconds to wait.",
            }
        }
    return response


def add_problem_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """Document the problem answers of every operation (see the module doc)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = (
        PROBLEM_SCHEMA
    )
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            codes = ["400", "401", "403", "406", "429", "503"]
            if "{" in path:
                codes.append("404")
            if "requestBody" in operation:
                codes.append("415")
            for code in codes:
                if code not in responses:
                    responses[code] = _problem(code)
                    continue
                content = responses[code].setdefault("content", {})
                content.setdefault(
                    "application/problem+json",
                    {"schema": {"$ref": "#/components/schemas/Problem"}},
                )
    return result


def paginated(
    serializer: type[serializers.Serializer[Any]],
) -> serializers.Serializer[Any]:
    """The schema of one page of ``serializer`` items (limit/offset pagination)."""
    name = serializer.__name__.removesuffix("Serializer")
    return inline_serializer(
        name=f"Paginated{name}List",
        fields={
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer(many=True),
        },
    )
