# SPDX-License-Identifier: EUPL-1.2
"""Password reset by code (SMS or e-mail) or e-mail link: same answer for unknown
accounts, single use, expiry, attempts, rate limits, audit, sessions ended."""

from __future__ import annotations

import re
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from balai.accounts.models import ApiToken, PasswordReset
from balai.accounts.services import api_token_create
from balai.accounts.tests.conftest import login
from balai.accounts.tests.factories import PASSWORD, UserFactory
from balai.security.models import AuditEntry

pytestmark = pytest.mark.django_db

NEW = "Jeruk-Nipis-Segar-71"


def _code(outbox: list) -> str:
    match = re.search(r"\b(\d{6})\b", outbox[-1].body)
    assert match, outbox[-1].body
    return match.group(1)


def _ask(client: Client, identifier: str):
    return client.post(reverse("accounts:password-reset"), {"identifier": identifier})


def _confirm(client: Client, code: str, password: str = NEW):
    return client.post(
        reverse("accounts:password-reset-code"),
        {"code": code, "password": password, "password_again": password},
    )


def test_reset_by_email_code_ends_old_sessions_and_revokes_tokens(client, outbox):
    user = UserFactory(email="dewi@contoh.id")
    old = Client()
    login(old, user)
    assert old.get(reverse("accounts:account")).status_code == 200
    api_token_create(actor=user, name="skrip")

    response = _ask(client, " DEWI@contoh.id ")
    assert response["Location"] == reverse("accounts:password-reset-code")
    assert outbox[-1].recipient == "dewi@contoh.id"
    assert outbox[-1].template == "password_reset"
    code = _code(outbox)
    assert code not in PasswordReset.objects.get().code_hash

    response = _confirm(client, code)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    # the old session is over, the old password is gone, the new one works
    assert old.get(reverse("accounts:account")).status_code == 302
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    user.refresh_from_db()
    assert not user.check_password(PASSWORD) and user.check_password(NEW)
    fresh = Client()
    assert (
        fresh.post(
            reverse("accounts:login"), {"username": user.email, "password": NEW}
        ).status_code
        == 302
    )
    # audited, and the owner is told
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"user.password_reset_request", "user.password_reset"} <= actions
    assert outbox[-1].template == "password_changed"
    # single use
    assert _confirm(client, code).status_code == 302  # session gone: back to start
    assert PasswordReset.objects.get().used_at is not None


def test_reset_by_sms_code(client, outbox):
    user = UserFactory(email=None, phone="+6281234567801")
    _ask(client, "0812-3456-7801")
    assert outbox[-1].channel == "sms"
    assert outbox[-1].recipient == "+6281234567801"
    assert _confirm(client, _code(outbox)).status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)


def test_unknown_account_gets_the_same_answer_and_nothing_is_sent(client, outbox):
    UserFactory(email="ada@contoh.id")
    known, unknown = Client(), Client()
    first = _ask(known, "ada@contoh.id")
    second = _ask(unknown, "tidakada@contoh.id")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    page_known = known.get(reverse("accounts:password-reset-code")).content.decode()
    page_unknown = unknown.get(reverse("accounts:password-reset-code")).content
    assert "a***@contoh.id" in page_known
    assert "t***@contoh.id" in page_unknown.decode()
    assert len(outbox) == 1
    wrong = _confirm(unknown, "123456")
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["code"]


def test_link_in_the_email_sets_a_new_password_once(client, outbox):
    user = UserFactory(email="eka@contoh.id")
    _ask(client, "eka@contoh.id")
    link = re.search(
        r"http://testserver(/akun/lupa-sandi/tautan/\S+/)", outbox[-1].body
    )
    assert link, outbox[-1].body
    path = link.group(1)
    assert client.get(path).status_code == 200  # opening it changes nothing
    assert PasswordReset.objects.get().used_at is None
    response = client.post(path, {"password": NEW, "password_again": NEW})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert client.get(path).status_code == 404  # used


def test_wrong_codes_are_limited_and_expiry_is_enforced(client, outbox, settings):
    settings.PASSWORD_RESET_MAX_ATTEMPTS = 2
    user = UserFactory()
    _ask(client, user.email)
    code = _code(outbox)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(2):
        assert _confirm(client, wrong).context["form"].errors["code"]
    response = _confirm(client, code)  # right, but too late
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)

    _ask(client, user.email)
    PasswordReset.objects.filter(used_at__isnull=True).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert _confirm(client, _code(outbox)).status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_weak_new_password_keeps_the_code_usable(client, outbox):
    user = UserFactory()
    _ask(client, user.email)
    code = _code(outbox)
    response = _confirm(client, code, password="bismillah123")
    assert response.context["form"].errors["password"]
    assert _confirm(client, code).status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)


def test_requests_are_rate_limited_per_address_and_per_account(
    client, outbox, settings
):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "password_reset": "3/h",
        "password_reset_account": "2/h",
    }
    user = UserFactory()
    statuses = [_ask(client, user.email).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert len(outbox) == 2  # the third request answered alike but sent nothing


def test_reset_clears_the_login_delay(client, outbox, settings):
    settings.LOGIN_FREE_FAILURES = 1
    settings.LOGIN_DELAY_SECONDS = 600
    user = UserFactory()
    login_url = reverse("accounts:login")
    client.post(login_url, {"username": user.email, "password": "salah-123456"})
    assert (
        client.post(login_url, {"username": user.email, "password": PASSWORD})
    ).status_code == 429
    _ask(client, user.email)
    _confirm(client, _code(outbox))
    assert (
        client.post(login_url, {"username": user.email, "password": NEW})
    ).status_code == 302
