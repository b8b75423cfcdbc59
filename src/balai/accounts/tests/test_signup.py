# SPDX-License-Identifier: EUPL-1.2
"""Citizen sign-up with a one-time code, through the pages and the API."""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from balai.accounts import services
from balai.accounts.models import SignupVerification, User
from balai.accounts.tests.factories import make_nik
from balai.core.errors import BalaiError

pytestmark = pytest.mark.django_db

SIGNUP = {
    "nik": "3273 0152 0890 0007",
    "full_name": "Nur Aini",
    "birth_date": "1990-08-12",
    "email": "Nur.Aini@Contoh.id",
    "phone": "",
    "password": "Kopi-Tubruk-88",
    "password_again": "Kopi-Tubruk-88",
}


def _named(full_name: str) -> int:
    """Names are encrypted: count matching users by their decrypted names."""
    return sum(1 for user in User.objects.all() if user.full_name == full_name)


def _code_from(outbox: list) -> str:
    assert outbox, "no message was delivered"
    match = re.search(r"\b(\d{6})\b", outbox[-1].body)
    assert match, outbox[-1].body
    return match.group(1)


def test_signup_page_sends_code_and_verification_activates(
    client, outbox, sample_regions
):
    response = client.post(reverse("accounts:signup"), SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup-verify")
    user = User.objects.get_by_login("nur.aini@contoh.id")
    assert user is not None and not user.is_active
    assert user.nik == "3273015208900007"
    assert outbox[-1].recipient == "nur.aini@contoh.id"
    # the code is not stored in plain text
    assert _code_from(outbox) not in SignupVerification.objects.get(user=user).code_hash

    page = client.get(reverse("accounts:signup-verify"))
    assert b"n***@contoh.id" in page.content

    response = client.post(
        reverse("accounts:signup-verify"), {"code": _code_from(outbox)}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_active and user.email_verified_at is not None
    assert user.has_role("citizen")
    assert client.get(reverse("accounts:account")).status_code == 200


def test_signup_by_phone_sends_sms(client, outbox, sample_regions):
    data = {**SIGNUP, "email": "", "phone": "0812-3456-7891"}
    client.post(reverse("accounts:signup"), data)
    user = User.objects.get_by_login("+6281234567891")
    assert user is not None
    assert outbox[-1].channel == "sms"
    client.post(reverse("accounts:signup-verify"), {"code": _code_from(outbox)})
    user.refresh_from_db()
    assert user.is_active and user.phone_verified_at is not None
    client.logout()
    response = client.post(
        reverse("accounts:login"),
        {"username": "0812 3456 7891", "password": SIGNUP["password"]},
    )
    assert response.status_code == 302


def test_wrong_code_counts_attempts_and_locks_after_limit(client, outbox, settings):
    settings.SIGNUP_CODE_MAX_ATTEMPTS = 3
    client.post(reverse("accounts:signup"), SIGNUP)
    good = _code_from(outbox)
    bad = "000000" if good != "000000" else "111111"
    for _ in range(3):
        response = client.post(reverse("accounts:signup-verify"), {"code": bad})
        assert response.status_code == 200
    response = client.post(reverse("accounts:signup-verify"), {"code": good})
    assert response.status_code == 200
    assert not User.objects.get_by_login(SIGNUP["email"]).is_active


def test_expired_code_is_refused_and_resend_works(client, outbox):
    client.post(reverse("accounts:signup"), SIGNUP)
    user = User.objects.get_by_login(SIGNUP["email"])
    SignupVerification.objects.filter(user=user).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(BalaiError) as excinfo:
        services.citizen_verify(user_id=str(user.pk), code=_code_from(outbox))
    assert excinfo.value.code == "code_expired"
    client.post(reverse("accounts:signup-resend"))
    assert len(outbox) == 2
    client.post(reverse("accounts:signup-verify"), {"code": _code_from(outbox)})
    user.refresh_from_db()
    assert user.is_active


def test_invalid_nik_is_refused_with_a_field_error(client):
    data = {**SIGNUP, "nik": "3273013208900007"}  # day 32 does not exist
    response = client.post(reverse("accounts:signup"), data)
    assert response.status_code == 200
    assert "nik" in response.context["form"].errors
    assert _named("Nur Aini") == 0


def test_signup_errors_in_indonesian_and_english(client, settings):
    data = {**SIGNUP, "password_again": "lain"}
    response = client.post(reverse("accounts:signup"), data)
    assert "Kedua kata sandi berbeda." in response.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("accounts:signup"), data)
    assert "The two passwords differ." in response.content.decode()


def test_second_signup_with_active_account_answers_alike_and_tells_the_owner(
    client, outbox
):
    """No enumeration: known details get the same answer as new ones; the owner is
    told through their own channel, and no code ever verifies the decoy."""
    client.post(reverse("accounts:signup"), SIGNUP)
    client.post(reverse("accounts:signup-verify"), {"code": _code_from(outbox)})
    client.logout()
    response = client.post(reverse("accounts:signup"), SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup-verify")
    page = client.get(reverse("accounts:signup-verify")).content.decode()
    assert "n***@contoh.id" in page
    assert _named("Nur Aini") == 1
    notice = outbox[-1]
    assert notice.template == "signup_existing"
    assert notice.recipient == "nur.aini@contoh.id"
    wrong = client.post(reverse("accounts:signup-verify"), {"code": "123456"})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["code"]


def test_unfinished_signup_is_replaced_not_duplicated(client, outbox):
    client.post(reverse("accounts:signup"), SIGNUP)
    client.post(reverse("accounts:signup"), SIGNUP)
    assert _named("Nur Aini") == 1


def test_weak_password_is_refused():
    with pytest.raises(BalaiError) as excinfo:
        services.citizen_signup(
            nik=make_nik(9),
            full_name="Budi",
            birth_date=timezone.localdate() - timedelta(days=9000),
            email="budi@contoh.id",
            password="12345678",
        )
    assert "password" in excinfo.value.field_errors


def test_api_signup_and_verify(client, outbox):
    payload = {k: v for k, v in SIGNUP.items() if k != "password_again"}
    response = client.post("/api/v1/signups/", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["channel"] == "email" and body["destination"] == "n***@contoh.id"
    response = client.post(
        f"/api/v1/signups/{body['signup_id']}/verify/",
        {"code": _code_from(outbox)},
        content_type="application/json",
    )
    assert response.status_code == 204
    assert User.objects.get(pk=body["signup_id"]).is_active
