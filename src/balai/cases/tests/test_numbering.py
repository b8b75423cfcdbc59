# SPDX-License-Identifier: EUPL-1.2
"""Application numbers stay unique and gap-free when submissions race."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from django.db import connections

import pytest

from balai.cases.services.numbering import number_allocate

THREADS = 6
EACH = 8


def _allocate(year: int) -> list[str]:
    try:
        return [number_allocate(year) for _ in range(EACH)]
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_concurrent_allocations_never_share_a_number():
    if connections["default"].vendor == "sqlite":
        # the test database is in-memory SQLite with a shared cache, whose table
        # locks fail at once instead of waiting; a SQLite file (IMMEDIATE
        # transactions, busy timeout) serialises writers, PostgreSQL row-locks
        pytest.skip("needs a database that lets writers wait (PostgreSQL)")
    with ThreadPoolExecutor(THREADS) as pool:
        batches = list(pool.map(_allocate, [2040] * THREADS))
    numbers = [number for batch in batches for number in batch]
    assert len(set(numbers)) == THREADS * EACH
    assert sorted(numbers)[-1] == f"PMH-2040-{THREADS * EACH:06d}"
