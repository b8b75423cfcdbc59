# SPDX-License-Identifier: EUPL-1.2
"""Identity verification: match, no match, deceased; normalised names; no data out."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from balai.registry.models import Resident
from balai.registry.services import death_register
from balai.registry.tests.exchange_support import (
    agreement,
    assert_problem,
    caller,
    insurer,
    issue,
    verify,
)
from balai.registry.tests.factories import registered

BORN = "1990-05-12"


@pytest.fixture
def budi(officer: Any) -> Resident:
    return registered(
        officer, full_name="Budi Santoso", birth_date=dt.date(1990, 5, 12)
    )


@pytest.fixture
def api(db: Any) -> Any:
    return caller(issue(agreement(insurer(), ["nik"])))


def test_verify_matches_nik_name_and_birth_date(api: Any, budi: Resident) -> None:
    response = verify(api, nik=budi.nik, full_name="Budi Santoso", birth_date=BORN)
    assert response.status_code == 200
    assert response.json() == {"result": "match"}


@pytest.mark.parametrize(
    "typed",
    ["budi santoso", "  BUDI   SANTOSO ", "Bpk. Budi Santoso", "Budi Santoso, S.H."],
)
def test_verify_compares_normalised_names(api: Any, budi: Resident, typed: str) -> None:
    response = verify(api, nik=budi.nik, full_name=typed, birth_date=BORN)
    assert response.json() == {"result": "match"}


@pytest.mark.parametrize(
    ("name", "born"),
    [("Budi Santosa", BORN), ("Budi", BORN), ("Budi Santoso", "1990-05-13")],
)
def test_verify_without_exact_name_and_birth_date_is_no_match(
    api: Any, budi: Resident, name: str, born: str
) -> None:
    response = verify(api, nik=budi.nik, full_name=name, birth_date=born)
    assert response.json() == {"result": "no_match"}


def test_an_unknown_nik_is_no_match(api: Any, budi: Resident) -> None:
    unknown = budi.nik[:-4] + ("9999" if budi.nik[-4:] != "9999" else "9998")
    response = verify(api, nik=unknown, full_name="Budi Santoso", birth_date=BORN)
    assert response.json() == {"result": "no_match"}


def test_a_deceased_person_is_reported_only_to_a_caller_who_knows_them(
    api: Any, budi: Resident, officer: Any
) -> None:
    death_register(actor=officer, resident=budi, death_date=dt.date(2024, 1, 5))
    right = verify(api, nik=budi.nik, full_name="budi santoso", birth_date=BORN)
    assert right.json() == {"result": "deceased"}
    wrong = verify(api, nik=budi.nik, full_name="Someone Else", birth_date=BORN)
    assert wrong.json() == {"result": "no_match"}


def test_verify_returns_no_personal_data(api: Any, budi: Resident) -> None:
    response = verify(api, nik=budi.nik, full_name="Budi Santoso", birth_date=BORN)
    text = response.content.decode()
    assert set(response.json()) == {"result"}
    for value in (budi.nik, "Budi", "1990", str(budi.pk)):
        assert value not in text


def test_an_invalid_nik_is_a_problem_naming_the_field(api: Any) -> None:
    response = verify(api, nik="12345", full_name="Budi Santoso", birth_date=BORN)
    body = assert_problem(response, 400, "invalid_input")
    assert [param["name"] for param in body["invalid_params"]] == ["nik"]
    assert "12345" not in response.content.decode()


def test_missing_and_malformed_fields_are_listed(api: Any) -> None:
    response = verify(api, nik="3273011205900001", birth_date="12/05/1990")
    body = assert_problem(response, 400, "invalid_input")
    assert {param["name"] for param in body["invalid_params"]} == {
        "full_name",
        "birth_date",
    }


def test_a_body_that_is_not_json_is_a_problem(api: Any) -> None:
    response = api.post(
        "/api/v1/registry/identity-verifications/", "nik=1", content_type="text/plain"
    )
    assert_problem(response, 415, "unsupported_media_type")
