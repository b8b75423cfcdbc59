# SPDX-License-Identifier: EUPL-1.2
"""Security headers and rate limits on public write endpoints."""

from __future__ import annotations

from django.urls import reverse

import pytest

pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy.split("style-src")[0]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_api_docs_load_their_script_from_our_own_origin(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert b"<script>" not in response.content
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_signup_posts_are_rate_limited_per_address(client):
    statuses = [
        client.post(reverse("accounts:signup-resend")).status_code for _ in range(6)
    ]
    assert statuses[:5] == [302] * 5
    assert statuses[5] == 429
    assert (
        "Terlalu banyak"
        in client.post(reverse("accounts:signup-resend")).content.decode()
    )
