# SPDX-License-Identifier: EUPL-1.2
"""Domain errors: every business failure raises a BalaiError with a stable code."""

from __future__ import annotations

from typing import Any


class BalaiError(Exception):
    """A domain rule was broken: ``code`` is stable snake_case, ``message`` human."""

    code = "error"
    status = 400

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        field_errors: dict[str, list[str]] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.field_errors = field_errors or {}
        self.extra = extra


class NotFound(BalaiError):
    code = "not_found"
    status = 404


class Conflict(BalaiError):
    code = "conflict"
    status = 409


class RateLimited(BalaiError):
    code = "rate_limited"
    status = 429


class ServiceUnavailable(BalaiError):
    """A service Balai depends on (database, file storage) does not answer: the
    request did nothing and may be retried (503)."""

    code = "service_unavailable"
    status = 503
