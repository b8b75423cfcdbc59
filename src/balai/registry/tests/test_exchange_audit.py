# SPDX-License-Identifier: EUPL-1.2
"""Every exchange call is audited with purpose and agency, and the citizen sees it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from balai.accounts import selectors as account_selectors
from balai.accounts.tests.factories import UserFactory
from balai.registry.exchange.constants import Action
from balai.registry.models import Resident
from balai.registry.selectors.subjects import subject_ids_for_user
from balai.registry.tests.exchange_support import (
    PURPOSE,
    agreement,
    bulk,
    caller,
    fetch,
    insurer,
    issue,
    verify,
)
from balai.registry.tests.factories import registered
from balai.security.models import AuditEntry
from balai.security.selectors import audit_accesses_for_subject

BORN = dt.date(1990, 5, 12)


@pytest.fixture
def budi(officer: Any) -> Resident:
    return registered(officer, full_name="Budi Santoso", birth_date=BORN)


@pytest.fixture
def issued(db: Any) -> Any:
    return issue(agreement(insurer(), ["nik", "full_name"]), name="JKN enrolment")


def _last() -> AuditEntry:
    return AuditEntry.objects.order_by("-id").first()


def _assert_client_entry(entry: AuditEntry, issued: Any, action: str) -> None:
    assert entry.action == action
    assert entry.actor_kind == "api_client"
    assert entry.actor_id == issued.client.pk
    assert entry.agency_id == issued.client.agency_id
    assert entry.role == "api_client:JKN enrolment"
    assert PURPOSE in entry.purpose
    assert "Health insurance enrolment" in entry.purpose


def test_a_verification_is_audited_against_the_resident(
    issued: Any, budi: Resident
) -> None:
    verify(
        caller(issued), nik=budi.nik, full_name="Budi Santoso", birth_date="1990-05-12"
    )
    entry = _last()
    _assert_client_entry(entry, issued, Action.VERIFY)
    assert entry.subject_id == budi.pk
    assert (entry.object_type, entry.object_id) == ("registry.resident", str(budi.pk))


def test_a_verification_of_an_unknown_nik_is_audited_without_a_subject(
    issued: Any, budi: Resident
) -> None:
    unknown = "3273011205909999"
    verify(caller(issued), nik=unknown, full_name="X Y", birth_date="1990-05-12")
    entry = _last()
    _assert_client_entry(entry, issued, Action.VERIFY)
    assert entry.subject_id is None


def test_a_fetch_is_audited_with_the_released_fields(
    issued: Any, budi: Resident
) -> None:
    fetch(caller(issued), budi.nik)
    entry = _last()
    _assert_client_entry(entry, issued, Action.READ)
    assert entry.subject_id == budi.pk
    assert entry.changes == ["full_name", "nik"]


def test_refused_calls_reach_no_data_and_write_no_person_entry(
    issued: Any, budi: Resident
) -> None:
    before = AuditEntry.objects.filter(subject_id=budi.pk).count()
    fetch(caller(issued, "social_assistance_targeting"), budi.nik)
    fetch(caller(None), budi.nik)
    assert AuditEntry.objects.filter(subject_id=budi.pk).count() == before


def test_the_citizen_sees_the_agency_and_purpose_of_each_access(
    issued: Any, budi: Resident
) -> None:
    api = caller(issued)
    verify(api, nik=budi.nik, full_name="Budi Santoso", birth_date="1990-05-12")
    fetch(api, budi.nik)
    bulk(
        api,
        [{"ref": "1", "nik": budi.nik, "full_name": "B", "birth_date": "1990-05-12"}],
    )

    rows = [
        row
        for row in audit_accesses_for_subject(budi.pk)
        if row["actor_kind"] == "api_client"
    ]
    assert [row["action"] for row in rows] == [
        Action.VERIFY,
        Action.READ,
        Action.VERIFY,
    ]
    names = account_selectors.agency_names(row["agency_id"] for row in rows)
    agency = issued.client.agency
    assert {names[str(row["agency_id"])] for row in rows} == {agency.name}
    assert all(PURPOSE in row["purpose"] for row in rows)
    assert all(row["role"] == "api_client:JKN enrolment" for row in rows)


def test_subject_ids_for_a_citizen_include_their_register_record(
    budi: Resident,
) -> None:
    citizen = UserFactory(nik=budi.nik, birth_date=BORN)
    assert subject_ids_for_user(citizen) == [citizen.pk, budi.pk]


def test_a_nik_alone_does_not_link_an_account_to_a_record(budi: Resident) -> None:
    stranger = UserFactory(nik=budi.nik, birth_date=dt.date(1990, 5, 13))
    assert subject_ids_for_user(stranger) == [stranger.pk]


def test_anonymous_visitors_have_no_subject_ids() -> None:
    from django.contrib.auth.models import AnonymousUser

    assert subject_ids_for_user(AnonymousUser()) == []
