# SPDX-License-Identifier: EUPL-1.2
"""JSON request bodies with limits: size (``API_JSON_MAX_BYTES``) and nesting depth
(``API_JSON_MAX_DEPTH``), checked before the body is decoded.

Python's JSON decoder recurses per nesting level: a body of ten thousand ``[`` would
end in ``RecursionError`` (a 500). Here the depth is counted first by a linear scan
of brackets outside strings, and too deep or too large a body is a 400 problem.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from rest_framework import parsers
from rest_framework.exceptions import ParseError

_TOKENS = re.compile(rb'"(?:\\.|[^"\\])*"|[\[\]{}]')


class BodyTooLarge(ParseError):
    default_code = "body_too_large"


class BodyTooDeep(ParseError):
    default_code = "body_too_deep"


def json_depth(raw: bytes) -> int:
    """The deepest nesting of arrays and objects in ``raw`` (strings skipped)."""
    depth = deepest = 0
    for match in _TOKENS.finditer(raw):
        token = match.group()
        if token in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        elif token in (b"]", b"}"):
            depth -= 1
    return deepest


class LimitedJSONParser(parsers.JSONParser):
    """DRF's JSON parser behind a size and a depth limit."""

    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        limit = int(settings.API_JSON_MAX_BYTES)
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise BodyTooLarge(
                _("The request body is larger than %(limit)s bytes.") % {"limit": limit}
            )
        if json_depth(raw) > int(settings.API_JSON_MAX_DEPTH):
            raise BodyTooDeep(
                _("The JSON body is nested more than %(depth)s levels deep.")
                % {"depth": settings.API_JSON_MAX_DEPTH}
            )
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            return json.loads(raw.decode(encoding), parse_constant=_no_constant)
        except (ValueError, RecursionError) as exc:
            raise ParseError(_("The body is not valid JSON.")) from exc


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")
