# SPDX-License-Identifier: EUPL-1.2
"""Helpers of the Open311 tests: calls in both formats, XML to Spark-like values."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

W3C = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$")
BASE = "/open311/v2"
LISTS = {
    "services",
    "service_requests",
    "attributes",
    "values",
    "endpoints",
    "formats",
    "errors",
    "notes",
    "photos",
}


def _value(element: ET.Element) -> Any:
    if element.tag in LISTS:
        return [_value(child) for child in element]
    if len(element):
        return {child.tag: _value(child) for child in element}
    return element.text


def xml_body(response: Any) -> Any:
    """The XML body after checks of the declaration and content type."""
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    root = ET.fromstring(response.content)
    return _value(root)


def json_body(response: Any) -> Any:
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content.decode("utf-8"))


def get(client: Any, path: str, fmt: str = "json", **params: Any) -> tuple[Any, Any]:
    response = client.get(f"{BASE}/{path}.{fmt}", params)
    body = json_body(response) if fmt == "json" else xml_body(response)
    return response, body


def post(client: Any, fmt: str = "json", **data: Any) -> tuple[Any, Any]:
    response = client.post(f"{BASE}/requests.{fmt}", data)
    body = json_body(response) if fmt == "json" else xml_body(response)
    return response, body
