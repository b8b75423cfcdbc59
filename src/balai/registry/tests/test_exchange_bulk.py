# SPDX-License-Identifier: EUPL-1.2
"""Bulk verification: order, limits, bounded queries and one audit entry per person."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from balai.accounts.tests.factories import make_nik
from balai.registry.exchange.constants import BULK_CHUNK_SIZE, MAX_BULK_RECORDS, Action
from balai.registry.models import Resident
from balai.registry.services import death_register
from balai.registry.tests.exchange_support import (
    agreement,
    assert_problem,
    bulk,
    caller,
    insurer,
    issue,
)
from balai.registry.tests.factories import registered
from balai.security.audit.verify import verify_chain
from balai.security.models import AuditEntry

BORN = "1990-05-12"


@pytest.fixture
def people(officer: Any) -> list[Resident]:
    born = dt.date(1990, 5, 12)
    return [
        registered(officer, full_name=name, birth_date=born)
        for name in ("Budi Santoso", "Agus Pratama", "Dewi Lestari")
    ]


@pytest.fixture
def api(db: Any) -> Any:
    return caller(issue(agreement(insurer(), ["nik"])))


def _record(ref: str, nik: str, name: str, born: str = BORN) -> dict[str, str]:
    return {"ref": ref, "nik": nik, "full_name": name, "birth_date": born}


def _unknown(serial: int) -> str:
    return make_nik(9000 + serial)


def test_results_come_back_in_order_with_their_refs(
    api: Any, people: list[Resident], officer: Any
) -> None:
    budi, agus, dewi = people
    death_register(actor=officer, resident=dewi, death_date=dt.date(2024, 1, 5))
    records = [
        _record("r1", agus.nik, "AGUS  pratama"),
        _record("r2", _unknown(1), "Nobody"),
        _record("r3", dewi.nik, "Dewi Lestari"),
        _record("r4", budi.nik, "Budi Santoso", "1991-05-12"),
        _record("r5", budi.nik, "Budi Santoso"),
    ]
    response = bulk(api, records)
    assert response.status_code == 200
    assert response.json() == [
        {"ref": "r1", "result": "match"},
        {"ref": "r2", "result": "no_match"},
        {"ref": "r3", "result": "deceased"},
        {"ref": "r4", "result": "no_match"},
        {"ref": "r5", "result": "match"},
    ]


def test_every_resident_found_is_audited_once(api: Any, people: list[Resident]) -> None:
    budi, agus, _dewi = people
    before = AuditEntry.objects.count()
    records = [
        _record("a", budi.nik, "Budi Santoso"),
        _record("b", budi.nik, "Wrong Name"),
        _record("c", agus.nik, "Agus Pratama"),
        _record("d", _unknown(2), "Nobody"),
    ]
    assert bulk(api, records).status_code == 200
    entries = AuditEntry.objects.filter(id__gt=before)
    per_person = entries.filter(action=Action.VERIFY)
    assert sorted(per_person.values_list("subject_id", flat=True)) == sorted(
        [budi.pk, agus.pk]
    )
    assert entries.filter(action=Action.VERIFY_BULK, subject_id=None).count() == 1
    assert verify_chain().ok


def test_more_than_the_limit_is_refused(api: Any) -> None:
    records = [_record(str(i), _unknown(1), "X") for i in range(MAX_BULK_RECORDS + 1)]
    body = assert_problem(bulk(api, records), 400, "invalid_input")
    assert body["invalid_params"][0]["name"] == "records"
    assert body["invalid_params"][0]["code"] == "too_many_records"


def test_an_empty_list_is_refused(api: Any) -> None:
    assert_problem(bulk(api, []), 400, "invalid_input")


def test_invalid_records_are_named_by_position(api: Any) -> None:
    records = [
        _record("ok", _unknown(1), "Budi"),
        _record("bad", "123", "Budi"),
        {"ref": "short", "nik": _unknown(3)},
    ]
    body = assert_problem(bulk(api, records), 400, "invalid_input")
    names = {param["name"] for param in body["invalid_params"]}
    assert names == {"records.1.nik", "records.2.full_name", "records.2.birth_date"}
    assert "123" not in body["detail"]


def _queries(api: Any, records: list[dict[str, str]]) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert bulk(api, records).status_code == 200
    return len(captured)


def test_queries_grow_per_chunk_not_per_record(
    api: Any, people: list[Resident], django_assert_max_num_queries: Any
) -> None:
    known = [person.nik for person in people]

    def batch(size: int) -> list[dict[str, str]]:
        # every chunk finds the three residents, so every chunk appends audit entries
        return [
            _record(str(i), known[i % 3] if i % 500 < 3 else _unknown(i % 900), "A B")
            for i in range(size)
        ]

    one_chunk = _queries(api, batch(BULK_CHUNK_SIZE))
    three_chunks = _queries(api, batch(3 * BULK_CHUNK_SIZE))
    per_chunk = (three_chunks - one_chunk) / 2
    assert per_chunk <= 8
    with django_assert_max_num_queries(one_chunk + 2 * 8):
        bulk(api, batch(3 * BULK_CHUNK_SIZE))
