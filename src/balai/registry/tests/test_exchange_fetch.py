# SPDX-License-Identifier: EUPL-1.2
"""Fetching a resident: exactly the agreement's fields, nothing else."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from balai.registry.exchange.constants import ReleasableField
from balai.registry.models import Resident
from balai.registry.services import death_register
from balai.registry.tests.exchange_support import (
    agreement,
    assert_problem,
    caller,
    fetch,
    insurer,
    issue,
)
from balai.registry.tests.factories import VILLAGE, registered


@pytest.fixture
def budi(officer: Any) -> Resident:
    return registered(
        officer, full_name="Budi Santoso", birth_date=dt.date(1990, 5, 12)
    )


def test_each_agreement_releases_exactly_its_fields(budi: Resident) -> None:
    a = caller(issue(agreement(insurer("agency-a"), ["nik", "full_name"])))
    b = caller(issue(agreement(insurer("agency-b"), ["nik", "birth_date", "address"])))

    first = fetch(a, budi.nik)
    assert first.status_code == 200
    assert first.json() == {
        "nik": budi.nik,
        "full_name": "Budi Santoso",
        "fields": ["nik", "full_name"],
    }

    second = fetch(b, budi.nik).json()
    assert second == {
        "nik": budi.nik,
        "birth_date": "1990-05-12",
        "address": "Jl. Setiabudi No. 12",
        "fields": ["nik", "birth_date", "address"],
    }


def test_every_field_of_the_vocabulary_can_be_released(
    budi: Resident, officer: Any
) -> None:
    death_register(actor=officer, resident=budi, death_date=dt.date(2024, 1, 5))
    api = caller(issue(agreement(insurer(), list(ReleasableField.values))))
    body = fetch(api, budi.nik).json()
    assert body["fields"] == list(ReleasableField.values)
    assert set(body) == {*ReleasableField.values, "fields"}
    assert body["status"] == "deceased"
    assert body["date_of_death"] == "2024-01-05"
    assert body["village_code"] == VILLAGE
    assert (body["rt"], body["rw"], body["sex"]) == ("001", "002", "M")


def test_a_living_persons_date_of_death_is_null(budi: Resident) -> None:
    api = caller(issue(agreement(insurer(), ["status", "date_of_death"])))
    assert fetch(api, budi.nik).json() == {
        "status": "alive",
        "date_of_death": None,
        "fields": ["status", "date_of_death"],
    }


def test_an_unknown_nik_is_a_404_problem(budi: Resident) -> None:
    api = caller(issue(agreement(insurer(), ["nik"])))
    unknown = (
        "3273011205909999" if budi.nik != "3273011205909999" else "3273011205909998"
    )
    body = assert_problem(fetch(api, unknown), 404, "not_found")
    assert unknown not in body["detail"]


def test_an_invalid_nik_in_the_path_is_a_400_problem(db: Any) -> None:
    api = caller(issue(agreement(insurer(), ["nik"])))
    body = assert_problem(fetch(api, "0000000000000000"), 400, "invalid_input")
    assert body["invalid_params"][0]["name"] == "nik"


def test_a_lookup_reads_only_the_released_columns(budi: Resident) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = caller(issue(agreement(insurer(), ["full_name", "village_code"])))
    with CaptureQueriesContext(connection) as captured:
        body = fetch(api, budi.nik).json()
    assert body == {
        "full_name": "Budi Santoso",
        "village_code": budi.village_id,
        "fields": ["full_name", "village_code"],
    }
    (select,) = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith("SELECT") and 'FROM "registry_resident"' in q["sql"]
    ]
    columns = select.split(" FROM ")[0]
    assert '"full_name"' in columns and '"village_id"' in columns
    for unreleased in ('"nik"', '"address"', '"birth_date"', '"kk_number"'):
        assert unreleased not in columns


def test_agreements_with_other_fields_each_get_their_own_columns(
    budi: Resident,
) -> None:
    # the resident read's SQL is kept per column set: one agreement's statement
    # never serves another's fields
    narrow = caller(issue(agreement(insurer(), ["full_name"])))
    wide = caller(
        issue(agreement(insurer("bpjs-tk"), ["full_name", "birth_date", "sex"]))
    )
    for _round in range(2):
        assert fetch(narrow, budi.nik).json() == {
            "full_name": "Budi Santoso",
            "fields": ["full_name"],
        }
        body = fetch(wide, budi.nik).json()
        assert body["fields"] == ["full_name", "birth_date", "sex"]
        assert body["birth_date"] == "1990-05-12"
        assert body["full_name"] == "Budi Santoso"


@pytest.mark.skipif(
    __import__("django.db").db.connection.vendor != "postgresql",
    reason="prepared statements: PostgreSQL only",
)
def test_on_postgresql_a_lookup_runs_prepared_statements(budi: Resident) -> None:
    # the lookup's resident read and its audit entry's id and INSERT are prepared
    # on the server (core/prepared.py), and a second lookup prepares nothing new
    from django.db import connection

    api = caller(issue(agreement(insurer(), ["full_name"])))

    def prepared() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return {row[0] for row in cursor.fetchall()}

    assert fetch(api, budi.nik).json()["full_name"] == "Budi Santoso"
    first = prepared()
    for table in ('FROM "registry_resident"', 'INSERT INTO "security_auditentry"'):
        (statement,) = [text for text in first if table in text]
        assert "$1" in statement
    assert any("nextval" in text for text in first)
    assert fetch(api, budi.nik).json()["full_name"] == "Budi Santoso"
    assert prepared() == first
