# SPDX-License-Identifier: EUPL-1.2
"""Consent-based agreements: data flow only while the person consents."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

import pytest

from balai.accounts.tests.factories import UserFactory
from balai.registry.exchange.constants import LawfulBasis
from balai.registry.exchange.models import ExchangeConsent
from balai.registry.exchange.services import ConsentError, consent_give
from balai.registry.tests.exchange_support import (
    agreement,
    assert_problem,
    caller,
    fetch,
    insurer,
    issue,
)
from balai.registry.tests.factories import registered
from balai.security.models import AuditEntry

NIK = "3273011708900001"
BORN = dt.date(1990, 8, 17)


@pytest.fixture
def setting(officer):
    resident = registered(officer, nik=NIK, birth_date=BORN, full_name="Hendra Wijaya")
    found = agreement(
        insurer("koperasi-sehat"),
        ["nik", "full_name"],
        lawful_basis=LawfulBasis.CONSENT,
        purpose_code="membership_check",
    )
    citizen = UserFactory(nik=NIK, birth_date=BORN)
    return resident, found, citizen


def test_no_release_without_consent_and_the_refusal_is_audited(setting):
    resident, found, _citizen = setting
    api = caller(issue(found), purpose="membership_check")
    response = fetch(api, NIK)
    assert_problem(response, 403, "consent_required")
    assert "Hendra" not in response.content.decode()
    assert AuditEntry.objects.filter(
        action="person.read_refused", subject_id=resident.pk
    ).exists()


def test_consent_given_and_withdrawn_in_data_saya(setting, client):
    _resident, found, citizen = setting
    api = caller(issue(found), purpose="membership_check")
    client.force_login(citizen, backend="balai.accounts.backends.LoginBackend")
    url = reverse("portal:my-data-consents")
    page = client.get(url).content.decode()
    assert "koperasi-sehat".upper() in page or found.consumer.name in page

    client.post(url, {"agreement": found.pk, "action": "give"})
    assert fetch(api, NIK).json()["full_name"] == "Hendra Wijaya"
    client.post(url, {"agreement": found.pk, "action": "give"})  # idempotent
    assert ExchangeConsent.objects.filter(withdrawn_at__isnull=True).count() == 1

    client.post(url, {"agreement": found.pk, "action": "withdraw"})
    assert_problem(fetch(api, NIK), 403, "consent_required")
    consent = ExchangeConsent.objects.get()
    assert consent.withdrawn_at is not None  # history kept
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"consent.give", "consent.withdraw"} <= actions


def test_agreements_on_another_basis_need_no_consent(officer):
    registered(officer, nik=NIK, birth_date=BORN)
    api = caller(issue(agreement(insurer(), ["nik"])))
    assert fetch(api, NIK).status_code == 200


def test_consent_only_for_consent_agreements_and_own_record(setting, officer):
    _resident, found, citizen = setting
    legal = agreement(insurer("dinsos"), ["nik"], purpose_code="social_aid")
    with pytest.raises(ConsentError):
        consent_give(user=citizen, agreement_id=legal.pk)
    stranger = UserFactory()  # no record in the register
    with pytest.raises(ConsentError):
        consent_give(user=stranger, agreement_id=found.pk)
    assert consent_give(user=citizen, agreement_id=found.pk).given_by == citizen
