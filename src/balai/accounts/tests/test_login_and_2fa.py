# SPDX-License-Identifier: EUPL-1.2
"""Logging in, lockout, mandatory staff 2FA and the guarded back office."""

from __future__ import annotations

from django.urls import reverse

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from balai.accounts.constants import Role
from balai.accounts.tests.conftest import login, pass_two_factor
from balai.accounts.tests.factories import PASSWORD, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_citizen_logs_in_with_email_in_any_case(client):
    user = UserFactory(email="ani@contoh.id")
    response = client.post(
        reverse("accounts:login"),
        {"username": "  ANI@contoh.id ", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"] != "") and client.session[
        "_auth_user_id"
    ] == str(user.pk)


def test_inactive_account_cannot_log_in(client):
    user = UserFactory(is_active=False)
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_lockout_after_repeated_failures(client, settings):
    settings.LOGIN_FREE_FAILURES = 3
    user = UserFactory()
    for _ in range(3):
        client.post(
            reverse("accounts:login"), {"username": user.email, "password": "salah"}
        )
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # another account from the same address is not locked
    other = UserFactory()
    response = client.post(
        reverse("accounts:login"), {"username": other.email, "password": PASSWORD}
    )
    assert response.status_code == 302


def test_passwords_are_hashed_with_argon2_by_default():
    from balai import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_staff_is_sent_to_two_factor_before_anything_else(client):
    staff = StaffFactory()
    login(client, staff)
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:two-factor")
    response = client.get("/api/v1/me/")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_staff_enrols_totp_with_a_real_code_and_gets_backup_codes(client):
    staff = StaffFactory()
    login(client, staff)
    page = client.get(reverse("accounts:two-factor"))
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    response = client.post(reverse("accounts:two-factor"), {"token": "000000"})
    assert response.status_code == 200
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    token = f"{totp(device.bin_key):06d}"
    response = client.post(reverse("accounts:two-factor"), {"token": token})
    assert response.status_code == 200
    assert len(response.context["backup_codes"]) == 10
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(reverse("accounts:account")).status_code == 200


def test_backup_code_passes_second_factor_once(client):
    staff = StaffFactory()
    login(client, staff)
    device = TOTPDevice.objects.create(user=staff, name="t", confirmed=False)
    backup = None
    from balai.accounts.services import totp_confirm

    backup = totp_confirm(user=staff, token=f"{totp(device.bin_key):06d}")[0]
    response = client.post(reverse("accounts:two-factor"), {"token": backup})
    assert response.status_code == 302
    assert not StaticToken.objects.filter(token=backup).exists()


def test_staff_cannot_reach_admin_without_two_factor(client):
    admin = StaffFactory(roles=[Role.SYSTEM_ADMIN], is_superuser=True)
    login(client, admin)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert reverse("accounts:two-factor") in response["Location"]


def test_admin_with_two_factor_reaches_admin(staff_client):
    admin = StaffFactory(roles=[Role.SYSTEM_ADMIN], is_superuser=True)
    client = staff_client(admin)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/agency/").status_code == 200


def test_officer_with_two_factor_is_kept_out_of_admin(staff_client):
    client = staff_client(StaffFactory())
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_citizen_cannot_reach_staff_pages_or_admin(client):
    citizen = UserFactory()
    login(client, citizen)
    assert client.get(reverse("accounts:staff-home")).status_code == 403
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_verified_staff_reaches_staff_area(staff_client):
    staff = StaffFactory()
    client = staff_client(staff)
    response = client.get(reverse("accounts:staff-home"))
    assert response.status_code == 200
    assert staff.agency.name in response.content.decode()


def test_wrong_totp_for_enrolled_staff_is_refused(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows retries after a failure
    staff = StaffFactory()
    TOTPDevice.objects.create(user=staff, name="t", confirmed=True)
    login(client, staff)
    response = client.post(reverse("accounts:two-factor"), {"token": "123456"})
    assert response.status_code == 200
    assert client.get(reverse("accounts:account")).status_code == 302
    pass_two_factor(client, staff)
    assert client.get(reverse("accounts:account")).status_code == 200


def test_session_expires_at_browser_close_and_has_an_age(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_COOKIE_HTTPONLY is True
