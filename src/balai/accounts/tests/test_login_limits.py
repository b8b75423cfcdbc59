# SPDX-License-Identifier: EUPL-1.2
"""Distributed guessing, password spraying and the way out of a lock-out (#10, #13)."""

from __future__ import annotations

import time

from django.test import Client
from django.urls import reverse

import pytest

from balai.accounts.tests.factories import PASSWORD, UserFactory
from balai.security.monitoring.constants import EventKind
from balai.security.monitoring.models import SecurityEvent

pytestmark = pytest.mark.django_db

LOGIN = "accounts:login"


def _from(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def _try(client: Client, username: str, password: str):
    return client.post(reverse(LOGIN), {"username": username, "password": password})


def test_guessing_from_many_addresses_does_not_reach_the_account(settings):
    """50 wrong passwords from 10 addresses, then the right one from an 11th: refused
    with the time to wait (a delay per account, whatever the address)."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login_failures_address": "0"}
    user = UserFactory()
    for address in range(10):
        attacker = _from(f"203.0.113.{address + 1}")
        for _ in range(5):
            _try(attacker, user.email, "salah-sandi-123")

    owner = _from("198.51.100.7")
    response = _try(owner, user.email, PASSWORD)

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "_auth_user_id" not in owner.session
    assert SecurityEvent.objects.filter(kind=EventKind.LOCKOUT).exists()


def test_the_delay_passes_and_the_owner_logs_in(settings):
    """A delay, not a lock: once it has passed the right password works."""
    settings.LOGIN_FREE_FAILURES = 2
    settings.LOGIN_DELAY_SECONDS = 1
    settings.LOGIN_DELAY_MAX_SECONDS = 1
    user = UserFactory()
    attacker = _from("203.0.113.50")
    for _ in range(3):
        _try(attacker, user.email, "salah-sandi-123")
    owner = _from("198.51.100.8")
    assert _try(owner, user.email, PASSWORD).status_code == 429

    time.sleep(1.2)

    assert _try(owner, user.email, PASSWORD).status_code == 302


def test_the_delay_doubles_with_each_failure(settings):
    settings.LOGIN_FREE_FAILURES = 2
    settings.LOGIN_DELAY_SECONDS = 30
    user = UserFactory()
    client = _from("203.0.113.60")
    waits = []
    for _ in range(2):
        _try(client, user.email, "salah-sandi-123")
    response = _try(client, user.email, "salah-sandi-123")  # third: the first delay
    waits.append(int(response["Retry-After"]))
    from balai.accounts import logins

    waits.append(logins.login_failed(response.wsgi_request, user.email))
    assert waits[0] == 30
    assert waits[1] == 60


def test_spraying_one_password_over_many_accounts_is_cut_off(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login_failures_address": "5/h"}
    victims = [UserFactory() for _ in range(6)]
    sprayer = _from("203.0.113.70")
    statuses = [_try(sprayer, v.email, "Rahasia-2026!").status_code for v in victims]
    assert statuses[:5] == [200] * 5
    assert statuses[5] == 429
    # the right password from that address is refused too while the limit lasts
    assert _try(sprayer, victims[0].email, PASSWORD).status_code == 429
    # other addresses are not affected
    assert _try(_from("198.51.100.9"), victims[0].email, PASSWORD).status_code == 302


def test_lockout_page_says_how_long_and_offers_the_reset_and_help(settings):
    settings.LOGIN_FREE_FAILURES = 1
    settings.LOGIN_DELAY_SECONDS = 120
    settings.HELP_CONTACT_PHONE = "(022) 555-0101"
    settings.HELP_CONTACT_EMAIL = "bantuan@contoh.go.id"
    user = UserFactory()
    client = _from("203.0.113.80")
    _try(client, user.email, "salah-sandi-123")
    response = _try(client, user.email, PASSWORD)
    page = response.content.decode()
    assert response.status_code == 429
    assert "2 menit" in page
    assert reverse("accounts:password-reset") in page
    assert "(022) 555-0101" in page and "bantuan@contoh.go.id" in page


def test_a_success_clears_the_failures(settings):
    settings.LOGIN_FREE_FAILURES = 3
    user = UserFactory()
    client = _from("203.0.113.90")
    for _ in range(2):
        _try(client, user.email, "salah-sandi-123")
    assert _try(client, user.email, PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        assert _try(client, user.email, "salah-sandi-123").status_code == 200
