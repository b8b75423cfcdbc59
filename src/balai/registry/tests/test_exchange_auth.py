# SPDX-License-Identifier: EUPL-1.2
"""Who gets in: client credentials, agreements in force, the stated purpose, limits."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.urls import reverse
from django.utils import timezone

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from balai.accounts.tests.factories import UserFactory
from balai.registry.exchange import services
from balai.registry.exchange.models import ApiClient
from balai.registry.tests.exchange_support import (
    VERIFY_URL,
    agreement,
    assert_problem,
    caller,
    insurer,
    issue,
    verify,
)
from balai.registry.tests.factories import register_officer

BODY = {
    "nik": "3273011205900001",
    "full_name": "Budi Santoso",
    "birth_date": "1990-05-12",
}


@pytest.fixture
def issued(db: Any) -> services.IssuedClient:
    return issue(agreement(insurer(), ["nik"]))


def test_a_valid_client_with_its_purpose_gets_an_answer(issued: Any) -> None:
    assert verify(caller(issued), **BODY).status_code == 200
    client = ApiClient.objects.get(pk=issued.client.pk)
    assert client.last_used_at is not None


def test_only_a_digest_of_the_secret_is_stored(issued: Any) -> None:
    client = ApiClient.objects.get(pk=issued.client.pk)
    assert client.secret_digest == hashlib.sha256(issued.secret.encode()).hexdigest()
    stored = [str(getattr(client, f.attname)) for f in ApiClient._meta.concrete_fields]
    assert not any(issued.secret in value for value in stored)


def test_no_credential_is_a_401_with_a_challenge(db: Any) -> None:
    response = verify(caller(None), **BODY)
    assert_problem(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    ["Bearer rc_unknown.secret", "Bearer nodot", "Bearer a b", "Bearer "],
)
def test_a_wrong_credential_is_a_401(issued: Any, header: str) -> None:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=header, HTTP_X_PURPOSE="x")
    response = verify(api, **BODY)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")


def test_a_wrong_secret_for_a_real_client_is_a_401(issued: Any) -> None:
    forged = services.IssuedClient(
        client=issued.client, secret=issued.secret[:-1] + "x"
    )
    assert_problem(verify(caller(forged), **BODY), 401, "invalid_credentials")


def test_a_revoked_client_is_a_401(issued: Any) -> None:
    services.api_client_revoke(client=issued.client)
    assert_problem(verify(caller(issued), **BODY), 401, "client_revoked")


@pytest.mark.parametrize(
    "change",
    [
        {"valid_to": -1},
        {"valid_from": 1, "valid_to": None},
        {"is_active": False},
    ],
)
def test_an_agreement_not_in_force_is_a_403(issued: Any, change: dict) -> None:
    # days from today, counted when the test runs (not when it is collected: a run
    # that passes midnight in Jakarta would otherwise send "tomorrow" as today)
    found = issued.client.agreement
    for name, value in change.items():
        if isinstance(value, int) and not isinstance(value, bool):
            value = timezone.localdate() + dt.timedelta(days=value)
        setattr(found, name, value)
    found.save()
    assert_problem(verify(caller(issued), **BODY), 403, "agreement_inactive")


def test_a_deactivated_agency_loses_access(issued: Any) -> None:
    agency = issued.client.agency
    agency.is_active = False
    agency.save()
    assert_problem(verify(caller(issued), **BODY), 403, "agreement_inactive")


def test_an_agreement_ending_today_is_still_in_force(issued: Any) -> None:
    found = issued.client.agreement
    found.valid_to = timezone.localdate()
    found.save()
    assert verify(caller(issued), **BODY).status_code == 200


def test_a_purpose_other_than_the_agreements_is_a_403(issued: Any) -> None:
    response = verify(caller(issued, "social_assistance_targeting"), **BODY)
    assert_problem(response, 403, "purpose_not_allowed")


def test_a_missing_purpose_is_a_403(issued: Any) -> None:
    assert_problem(verify(caller(issued, None), **BODY), 403, "purpose_required")


def test_signed_in_people_are_refused_not_challenged(
    db: Any, sample_regions: Any
) -> None:
    citizen = APIClient()
    citizen.force_login(UserFactory())
    assert_problem(citizen.post(reverse(VERIFY_URL), BODY), 403, "not_an_api_client")

    officer = register_officer()
    device = TOTPDevice.objects.create(user=officer, name="t", confirmed=True)
    staff = APIClient()
    staff.force_login(officer)
    session = staff.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert staff.post(reverse(VERIFY_URL), BODY, format="json").status_code == 403


def test_each_client_has_its_own_rate_limit(db: Any) -> None:
    found = agreement(insurer(), ["nik"])
    slow = issue(found, "slow")
    ApiClient.objects.filter(pk=slow.client.pk).update(rate_limit=2)
    fast = issue(found, "fast")
    assert [verify(caller(slow), **BODY).status_code for _ in range(2)] == [200, 200]
    limited = verify(caller(slow), **BODY)
    assert_problem(limited, 429, "throttled")
    assert "Retry-After" in limited
    assert verify(caller(fast), **BODY).status_code == 200


def test_a_client_must_belong_to_the_agreements_agency(db: Any) -> None:
    from django.core.exceptions import ValidationError

    found = agreement(insurer("agency-a"), ["nik"])
    with pytest.raises(ValidationError):
        services.api_client_create(
            agency=insurer("agency-b"), agreement=found, name="x"
        )
