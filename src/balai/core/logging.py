# SPDX-License-Identifier: EUPL-1.2
"""JSON log lines for production; personal data never goes into log calls."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the request id when the middleware set one."""

    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id:
            payload["request_id"] = request_id
        if record.exc_text:
            payload["exception"] = record.exc_text
        elif record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False)


_SIXTEEN_DIGITS = re.compile(r"(?<!\d)(\d{4})\d{8}(\d{4})(?!\d)")
# e-mail addresses, also URL-encoded (%40) as they appear in logged paths
_EMAIL = re.compile(
    r"[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
# Indonesian mobile numbers: 08…, 628…, +628… (also %2B), with spaces, dots or dashes
_PHONE = re.compile(r"(?<![\w])(?:(?:\+|%2[Bb])?62|0)[\s.-]?8(?:[\s.-]?\d){7,11}(?!\d)")


def redact(message: str) -> str:
    """``message`` with NIK/KK numbers masked, e-mail addresses and phones removed."""
    message = _EMAIL.sub("[email]", message)
    message = _SIXTEEN_DIGITS.sub(r"\1********\2", message)
    return _PHONE.sub("[phone]", message)


class RedactIdentifiersFilter(logging.Filter):
    """Mask NIK/KK numbers, e-mail addresses and phone numbers in any log line.

    Code never logs identifiers on purpose; this catches third-party messages such as
    Django's "Not Found: <path>" when a client puts a NIK, an e-mail address or a
    phone number in a URL, and the text of exceptions.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class RequestIdFilter(logging.Filter):
    """Put the id of the request being served on every record (``request_id``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            from balai.core.middleware import current_request_id

            # django.request logs a 404 after the middleware's context has ended
            request = getattr(record, "request", None)
            request_id = current_request_id() or getattr(request, "request_id", "")
            if request_id:
                record.request_id = request_id
        return True


class ExpectedRefusalFilter(logging.Filter):
    """Drop the traceback of a 403 that a policy raised (``PermissionDenied``).

    Django logs "Forbidden (Permission denied): <path>" with the exception attached;
    a refusal is the system working as intended, so the line stays and the traceback
    goes. Every other error keeps its traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        from django.core.exceptions import PermissionDenied

        if getattr(record, "status_code", None) == 403 and record.exc_info:
            exc = record.exc_info[1]
            if isinstance(exc, PermissionDenied):
                record.exc_info = None
                record.exc_text = None
        return True
