# SPDX-License-Identifier: EUPL-1.2
"""Open311 output: one neutral value, two encodings (XML and the Spark JSON mapping).

Views build plain Python values (dicts, lists, str, bool, int, float, None). JSON drops
the XML root and keeps lists as arrays; XML wraps lists in a container element whose
items are named by ``ITEM_NAMES``, writes booleans as ``true``/``false`` and None as an
empty element. Both are UTF-8.
"""

from __future__ import annotations

import json
from typing import Any
from xml.sax.saxutils import escape

from django.http import HttpResponse

XML_TYPE = "text/xml; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'

ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
    "notes": "note",
    "photos": "photo",
}


def _text(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        return repr(value)
    return escape(str(value))


def _element(name: str, value: Any, out: list[str]) -> None:
    if value is None or value == "":
        out.append(f"<{name}/>")
    elif isinstance(value, dict):
        out.append(f"<{name}>")
        for key, inner in value.items():
            _element(key, inner, out)
        out.append(f"</{name}>")
    elif isinstance(value, list | tuple):
        item = ITEM_NAMES.get(name, "item")
        if not value:
            out.append(f"<{name}/>")
            return
        out.append(f"<{name}>")
        for inner in value:
            _element(item, inner, out)
        out.append(f"</{name}>")
    else:
        out.append(f"<{name}>{_text(value)}</{name}>")


def to_xml(root: str, value: Any) -> str:
    """The XML document of ``value`` under ``root`` (lists get item elements)."""
    out: list[str] = []
    _element(root, value, out)
    return XML_DECLARATION + "".join(out)


def respond(
    fmt: str,
    root: str,
    value: Any,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    """Encode ``value`` in ``fmt`` (``xml``; anything else is JSON)."""
    if fmt == "xml":
        body = to_xml(root, value)
        response = HttpResponse(
            body.encode("utf-8"), content_type=XML_TYPE, status=status
        )
    else:
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        response = HttpResponse(
            body.encode("utf-8"), content_type=JSON_TYPE, status=status
        )
    for key, header in (headers or {}).items():
        response[key] = header
    return response


def error_response(
    fmt: str, status: int, errors: list[str], *, headers: dict[str, str] | None = None
) -> HttpResponse:
    """The specification's error body: a list of ``{code, description}``."""
    body = [{"code": status, "description": description} for description in errors]
    return respond(fmt, "errors", body, status=status, headers=headers)
