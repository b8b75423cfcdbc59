# SPDX-License-Identifier: EUPL-1.2
"""Deeply nested or oversized JSON is a 400 problem, never a 500 (issue #10)."""

from __future__ import annotations

import pytest

from balai.core.api.parsers import json_depth

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v1/signups/", "/api/v1/applications/"])
def test_deeply_nested_json_is_a_400_problem(client, path):
    body = "[" * 100_000 + "]" * 100_000
    response = client.post(path, body, content_type="application/json")
    assert response.status_code in (400, 401, 403)
    assert response["Content-Type"] == "application/problem+json"
    if path == "/api/v1/signups/":  # anonymous: the body is read
        assert response.status_code == 400
        assert response.json()["code"] == "body_too_deep"


def test_depth_inside_strings_does_not_count():
    assert json_depth(b'{"a": "[[[[[[[[[[{{{{{", "b": [1, [2]]}') == 3
    assert json_depth(b'["\\"[[[", {"x": {}}]') == 3


def test_oversized_json_is_a_400_problem(client, settings):
    settings.API_JSON_MAX_BYTES = 1000
    body = '{"full_name": "' + "a" * 2000 + '"}'
    response = client.post("/api/v1/signups/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "body_too_large"


def test_nan_and_invalid_json_are_400(client):
    for body in ('{"nik": NaN}', '{"nik": '):
        response = client.post(
            "/api/v1/signups/", body, content_type="application/json"
        )
        assert response.status_code == 400
        assert response["Content-Type"] == "application/problem+json"
