# SPDX-License-Identifier: EUPL-1.2
"""Reading uploaded posts: CSV (header row with at least ``text``) or JSON Lines
(one object a line with at least ``text``). Optional columns: ``id``, ``author``,
``time`` (ISO 8601), ``url``, ``engagement``, ``platform``."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.utils.translation import gettext as _

from balai.core.errors import BalaiError
from balai.sentiment.constants import MAX_UPLOAD_BYTES, ErrorCode

COLUMNS = ("id", "text", "author", "time", "url", "engagement", "platform")


def _bad(message: str) -> BalaiError:
    return BalaiError(
        message, code=ErrorCode.BAD_FILE, field_errors={"file": [message]}
    )


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _bad(_("The file is not UTF-8 text.")) from exc


def parse_jsonl(raw: bytes) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(_decode(raw).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise _bad(
                _("Line %(line)d is not valid JSON.") % {"line": number}
            ) from exc
        if not isinstance(row, dict):
            raise _bad(_("Line %(line)d is not a JSON object.") % {"line": number})
        rows.append(row)
    return rows


def parse_csv(raw: bytes) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(_decode(raw), newline=""))
    fields = [name.strip().lower() for name in (reader.fieldnames or [])]
    if "text" not in fields:
        raise _bad(_("The CSV file needs a header row with a text column."))
    reader.fieldnames = fields
    try:
        return [
            {k: v for k, v in row.items() if k in COLUMNS and v is not None}
            for row in reader
        ]
    except csv.Error as exc:
        raise _bad(_("The CSV file is malformed: %(error)s") % {"error": exc}) from exc


def parse_upload(name: str, raw: bytes) -> list[dict[str, Any]]:
    """Rows of an uploaded file, by its extension (.csv, .jsonl, .json, .ndjson)."""
    if len(raw) > MAX_UPLOAD_BYTES:
        raise _bad(_("The file is larger than 20 MB."))
    lower = (name or "").lower()
    if lower.endswith(".csv"):
        rows = parse_csv(raw)
    elif lower.endswith((".jsonl", ".ndjson", ".json")):
        rows = parse_jsonl(raw)
    else:
        raise _bad(_("Upload a .csv or .jsonl file."))
    if not rows:
        raise _bad(_("The file holds no posts."))
    return rows
