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
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False)


_SIXTEEN_DIGITS = re.compile(r"(?<!\d)(\d{4})\d{8}(\d{4})(?!\d)")


class RedactIdentifiersFilter(logging.Filter):
    """Mask 16-digit runs (NIK, KK numbers) that slip into any log line.

    Code never logs identifiers on purpose; this catches third-party messages such as
    Django's "Not Found: <path>" when a client puts a NIK in a URL.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _SIXTEEN_DIGITS.sub(r"\1********\2", message)
        if redacted != message:
            record.msg, record.args = redacted, None
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
