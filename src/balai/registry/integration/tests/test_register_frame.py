# SPDX-License-Identifier: EUPL-1.2
"""The register's candidates for a large batch: found in chunks, each once.

A 200,000-record batch against a register with residents sent every staged NIK and
every name + birth date index in one statement (≈ 400,000 bound values) and SQLite
refused it ("too many SQL variables"). The lookups now go in chunks of
``CANDIDATE_CHUNK`` values; a resident met by several of them comes once.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pandas as pd
import pytest

from balai.registry.integration.services import frames
from balai.registry.tests.factories import register_officer, registered

pytestmark = pytest.mark.django_db

ROWS = 40_000  # above SQLite's default limit of 32,766 bound variables per statement


def _staged(extra: list[dict[str, str]]) -> pd.DataFrame:
    """``ROWS`` staged records in a district where no resident lives, with NIKs and
    names of nobody in the register, then ``extra``."""
    rows = [
        {
            "unique_id": f"s:{i}",
            "source": "bpjs",
            "nik": f"33010{i:011d}",
            "full_name": f"Orang Asing {i}",
            "birth_date": "1970-01-01",
            "village_code": "33.01.01.2001",
        }
        for i in range(ROWS)
    ] + extra
    frame = pd.DataFrame(rows, columns=frames.COLUMNS)
    return frame.astype(object).where(frame.notna(), None)


@pytest.fixture
def sqlite_default_limit():
    """SQLite as most builds ship it: 32,766 bound variables per statement (Debian's
    Python raises it to 250,000, where the unchunked lookup failed at 200,000)."""
    if connection.vendor != "sqlite":
        yield
        return
    import sqlite3

    connection.ensure_connection()
    raw = connection.connection
    before = raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 32_766)
    try:
        yield
    finally:
        raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, before)


def test_a_large_batch_finds_its_register_candidates_in_chunks(
    sample_regions, sqlite_default_limit
):
    officer = register_officer()
    by_nik = registered(officer, nik="3273011208900001", full_name="Ani Lestari")
    by_name = registered(
        officer, full_name="Budi Santoso", birth_date=dt.date(1990, 5, 12)
    )
    both = registered(
        officer,
        nik="3273012303850002",
        full_name="Citra Dewi",
        birth_date=dt.date(1985, 3, 23),
    )
    registered(officer, full_name="Dedi Kurniawan")  # matches nothing staged
    staged = _staged(
        [
            {"unique_id": "s:a", "nik": by_nik.nik, "full_name": "Ani L"},
            {
                "unique_id": "s:b",
                "full_name": "Budi Santoso",
                "birth_date": "1990-05-12",
            },
            {
                "unique_id": "s:c",
                "nik": both.nik,
                "full_name": "Citra Dewi",
                "birth_date": "1985-03-23",
            },
        ]
    )
    with CaptureQueriesContext(connection) as run:
        found = frames.register_frame(staged)
    expected = {f"{frames.RESIDENT_PREFIX}{r.pk}" for r in (by_nik, by_name, both)}
    assert sorted(found["unique_id"]) == sorted(expected)  # each once
    lookups = [q for q in run.captured_queries if "registry_resident" in q["sql"]]
    assert len(lookups) > 2 * (ROWS // frames.CANDIDATE_CHUNK)  # chunked
