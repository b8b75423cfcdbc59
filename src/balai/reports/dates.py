# SPDX-License-Identifier: EUPL-1.2
"""W3C date-times (ISO 8601 with seconds and a zone), as Open311 uses them."""

from __future__ import annotations

import datetime as dt
import re

W3C_INPUT = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$", re.IGNORECASE
)


def parse_w3c(value: str) -> dt.datetime:
    """An aware datetime; ValueError when the text has no zone or does not parse."""
    text = (value or "").strip()
    if not W3C_INPUT.match(text):
        raise ValueError(value)
    if text[-1] in "zZ":
        text = text[:-1] + "+00:00"
    parsed = dt.datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        raise ValueError(value)
    return parsed


def format_w3c(value: dt.datetime | None) -> str | None:
    """UTC with ``Z`` and whole seconds, e.g. 2025-03-01T02:15:00Z."""
    if value is None:
        return None
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
