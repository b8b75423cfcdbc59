# SPDX-License-Identifier: EUPL-1.2
""" "Verified" is a property of how the request authenticated (issue #10)."""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

import pytest
from rest_framework.request import Request

from balai.accounts import services
from balai.accounts.api.authentication import ApiTokenAuthentication
from balai.accounts.models import ApiToken, User
from balai.accounts.testing import verified
from balai.accounts.tests.factories import StaffFactory, UserFactory
from balai.core.errors import BalaiError
from balai.security.models import AuditEntry
from balai.security.policy import second_factor_verified

pytestmark = pytest.mark.django_db


def _authenticate(secret: str) -> User:
    request = Request(
        RequestFactory().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    )
    user, _token = ApiTokenAuthentication().authenticate(request)
    return user


def legacy_token(user: User) -> str:
    """A token as every token was before this fix: no second factor recorded."""
    secret = "blai_legacy-token-for-tests-0000000000000000"
    ApiToken.objects.create(
        user=user,
        name="lama",
        prefix=secret[:12],
        digest=hashlib.sha256(secret.encode()).hexdigest(),
    )
    return secret


def test_a_staff_token_is_verified_only_when_made_in_a_verified_session():
    officer = StaffFactory()
    plain = legacy_token(officer)
    strong = services.api_token_create(actor=verified(officer), name="dengan-2fa")
    assert not second_factor_verified(_authenticate(plain))
    assert second_factor_verified(_authenticate(strong))
    assert ApiToken.objects.get(name="dengan-2fa").second_factor


def test_a_user_loaded_from_the_database_is_never_verified():
    officer = verified(StaffFactory())
    assert second_factor_verified(officer)
    assert not second_factor_verified(User.objects.get(pk=officer.pk))


def test_deactivated_staff_are_not_verified_even_with_a_device():
    officer = verified(StaffFactory())
    officer.is_active = False
    assert not second_factor_verified(officer)


def test_a_token_cannot_make_or_revoke_tokens():
    officer = verified(StaffFactory())
    secret = services.api_token_create(actor=officer, name="a")
    token_user = _authenticate(secret)
    with pytest.raises(PermissionDenied):
        services.api_token_create(actor=token_user, name="b")
    token = ApiToken.objects.get()
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(actor=token_user, token_id=str(token.pk))
    assert ApiToken.objects.get().revoked_at is None


def test_unverified_staff_cannot_make_tokens_citizens_can():
    with pytest.raises(PermissionDenied):
        services.api_token_create(
            actor=User.objects.get(pk=StaffFactory().pk), name="x"
        )
    assert services.api_token_create(actor=UserFactory(), name="x").startswith("blai_")


def test_creation_and_revocation_are_audited():
    citizen = UserFactory()
    services.api_token_create(actor=citizen, name="skrip")
    token = ApiToken.objects.get()
    assert services.api_token_revoke(actor=citizen, token_id=str(token.pk))
    assert not services.api_token_revoke(actor=citizen, token_id=str(token.pk))
    actions = list(
        AuditEntry.objects.filter(action__startswith="api_token.")
        .order_by("id")
        .values_list("action", "subject_id")
    )
    assert actions == [
        ("api_token.create", citizen.pk),
        ("api_token.revoke", citizen.pk),
    ]


def test_seeders_act_for_staff_through_an_audited_command_authentication():
    officer = StaffFactory()
    services.staff_acting_from_command(user=officer, purpose="demo data")
    assert second_factor_verified(officer)
    assert AuditEntry.objects.filter(action="user.act_from_command").exists()
    with pytest.raises(BalaiError):  # a citizen: only active staff
        services.staff_acting_from_command(user=UserFactory(), purpose="x")


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/path",
        "http://evil.example",
        "https:evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
    ],
)
def test_two_factor_never_redirects_off_site(client, staff_client, target):
    officer = StaffFactory()
    staff_client(officer)
    response = client.get(reverse("accounts:two-factor"), {"next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:account")


def test_two_factor_keeps_an_on_site_next(client, staff_client):
    staff_client(StaffFactory())
    response = client.get(reverse("accounts:two-factor"), {"next": "/akun/staf/"})
    assert response["Location"] == "/akun/staf/"


@pytest.mark.parametrize("view", ["accounts:login", "accounts:logout"])
def test_login_and_logout_never_redirect_off_site(client, view):
    from balai.accounts.tests.factories import PASSWORD

    user = UserFactory()
    if view == "accounts:logout":
        client.force_login(user)
        response = client.post(reverse(view) + "?next=https://evil.example/")
    else:
        response = client.post(
            reverse(view) + "?next=https://evil.example/",
            {"username": user.email, "password": PASSWORD, "next": "//evil.example"},
        )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
