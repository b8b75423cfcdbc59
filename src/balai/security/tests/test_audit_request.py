# SPDX-License-Identifier: EUPL-1.2
"""The request id and client address of a real request reach the audit entry."""

from __future__ import annotations

from django.test import RequestFactory
from django.urls import reverse

import pytest

from balai.accounts.tests.conftest import login, pass_two_factor
from balai.accounts.tests.factories import StaffFactory
from balai.core.middleware import client_ip, current_client_ip, current_request_id
from balai.security.models import AuditEntry


@pytest.mark.django_db
def test_request_id_and_ip_are_recorded_through_a_real_request(client):
    auditor = StaffFactory(roles=["auditor"])
    login(client, auditor)
    pass_two_factor(client, auditor)

    response = client.get(
        reverse("security:audit-export"),
        headers={"X-Request-ID": "req-audit-0001"},
        REMOTE_ADDR="203.0.113.9",
    )
    b"".join(response.streaming_content)

    entry = AuditEntry.objects.get(action="audit.export")
    assert entry.request_id == "req-audit-0001"
    assert entry.ip == "203.0.113.9"
    assert entry.actor_id == auditor.pk
    assert response["X-Request-ID"] == "req-audit-0001"
    # Outside a request the context is empty again.
    assert (current_request_id(), current_client_ip()) == ("", None)


@pytest.mark.parametrize(
    ("remote_addr", "expected"),
    [
        ("198.51.100.4", "198.51.100.4"),
        ("::ffff:198.51.100.4", "198.51.100.4"),
        ("2001:db8::1", "2001:db8::1"),
        ("fe80::1%eth0", "fe80::1"),
        ("not-an-address", None),
        ("", None),
    ],
)
def test_client_ip_reads_only_a_valid_remote_addr(remote_addr, expected):
    request = RequestFactory().get(
        "/", REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_FOR="10.9.9.9"
    )
    assert client_ip(request) == expected
