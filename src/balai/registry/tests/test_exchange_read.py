# SPDX-License-Identifier: EUPL-1.2
"""The exchange's resident read (compiled once, run as plain SQL) gives what the
ORM's ``.only()`` query gives: the same loaded values, the same deferred columns."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from balai.registry.exchange import selectors
from balai.registry.models import Resident
from balai.registry.tests.factories import registered

COLUMN_SETS = [
    ("id", "status"),
    ("full_name", "id", "status", "village"),
    ("address", "birth_date", "full_name", "id", "nik", "sex", "status"),
]


@pytest.fixture
def siti(officer: Any) -> Resident:
    return registered(officer, full_name="Siti Aminah", birth_date=dt.date(1985, 2, 3))


@pytest.mark.parametrize("columns", COLUMN_SETS)
def test_the_read_matches_the_orm_only_query(siti: Resident, columns) -> None:
    for _round in range(2):  # compiled on the first call, reused on the second
        found = selectors._resident_by_nik(siti.nik, columns)
        assert found is not None
        expected = Resident.objects.only(*columns).get(pk=siti.pk)
        assert found.get_deferred_fields() == expected.get_deferred_fields()
        loaded = [
            field.attname
            for field in Resident._meta.concrete_fields
            if field.attname not in expected.get_deferred_fields()
        ]
        assert loaded and all(
            getattr(found, name) == getattr(expected, name) for name in loaded
        )
        assert found._state.db == expected._state.db and not found._state.adding


def test_an_unknown_nik_is_none(siti: Resident) -> None:
    other = "3171010101900001" if siti.nik != "3171010101900001" else "3171010101900002"
    assert selectors._resident_by_nik(other, ("id", "status")) is None
