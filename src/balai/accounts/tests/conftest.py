# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from balai.accounts.models import User
from balai.accounts.testing import totp_code
from balai.accounts.tests.factories import PASSWORD


def login(client: Client, user: User) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content[:500]


def pass_two_factor(client: Client, user: User) -> None:
    """Verify a TOTP code through the real 2FA page (a fresh confirmed device each
    time: a code is accepted once, and another helper may have used this one)."""
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    response = client.post(reverse("accounts:two-factor"), {"token": totp_code(device)})
    assert response.status_code == 302, response.content[:500]


@pytest.fixture
def staff_client(client: Client) -> Callable[[User], Client]:
    """A client logged in as the given staff member with a verified second factor."""

    def make(user: User) -> Client:
        login(client, user)
        pass_two_factor(client, user)
        return client

    return make


@pytest.fixture(autouse=True)
def _deliver_messages_at_once(immediate_on_commit) -> None:
    """Sign-up codes must reach the outbox within the test's transaction."""
