# SPDX-License-Identifier: EUPL-1.2
"""Chunks sealed in worker processes are written as when sealed inline, in order.

The pool is off in tests by default (``REGISTRY_IMPORT_WORKERS`` is 0 there); these
tests turn it on explicitly, with real ``spawn`` processes.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
import yaml

from balai.registry.integration.importing import pool
from balai.registry.integration.importing.mapping import mapping_parse
from balai.registry.integration.importing.services import import_file
from balai.registry.integration.models import ImportBatch, RejectedRow, StagedRecord
from balai.registry.integration.tests import test_import_columnar as both_ways

TODAY = dt.date(2026, 6, 1)
FIELDS = [
    "row_number",
    "source_record_id",
    "nik",
    "nik_index",
    "kk_number",
    "full_name",
    "birth_place",
    "birth_date",
    "sex",
    "address",
    "rt",
    "rw",
    "village_code",
    "phone",
    "source_system",
    "warnings",
    "raw",
]


def _file(tmp_path, count: int):
    path = tmp_path / "peserta.csv"
    lines = both_ways._rows(random.Random(41), count)
    path.write_text(both_ways.HEADER + "\n" + "\n".join(lines) + "\n")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(both_ways.MAPPING)
    return path, mapping


def _import(path, mapping, source_code="bpjs-test", **options):
    return import_file(
        source_code=source_code,
        path=path,
        mapping_path=mapping,
        progress=False,
        today=TODAY,
        force=True,
        **options,
    )


def _rows(batch: ImportBatch) -> tuple[list[tuple], list[tuple]]:
    staged = [
        tuple(getattr(record, name) for name in FIELDS)
        for record in StagedRecord.objects.filter(batch=batch).order_by("row_number")
    ]
    rejected = [
        (row.row_number, row.errors, row.raw)
        for row in RejectedRow.objects.filter(batch=batch).order_by("row_number")
    ]
    return staged, rejected


def test_a_pool_writes_what_inline_sealing_writes(db, sample_regions, tmp_path):
    path, mapping = _file(tmp_path, 400)
    inline = _import(path, mapping, chunk_rows=37, workers=0)
    pooled = _import(path, mapping, chunk_rows=37, workers=2)
    assert pooled.pk != inline.pk
    expected = _rows(inline)
    assert expected[0] and expected[1]
    assert _rows(pooled) == expected
    for name in ("rows_total", "rows_staged", "rows_rejected", "rows_warned"):
        assert getattr(pooled, name) == getattr(inline, name)
    assert pooled.villages == inline.villages
    # every encrypted value was sealed (and can be read back with the keyring)
    assert all(record[FIELDS.index("nik_index")] for record in expected[0] if record[2])
    assert mapping_parse(yaml.safe_load(both_ways.MAPPING)).source_code == "bpjs-test"


def test_a_crash_with_chunks_in_flight_resumes_exactly(db, sample_regions, tmp_path):
    path, mapping = _file(tmp_path, 300)

    class Crash(RuntimeError):
        pass

    def crash(batch: ImportBatch) -> None:
        if batch.last_row >= 120:
            raise Crash

    with pytest.raises(Crash):
        import_file(
            source_code="bpjs-test",
            path=path,
            mapping_path=mapping,
            progress=False,
            today=TODAY,
            chunk_rows=40,
            workers=2,
            after_chunk=crash,
        )
    batch = ImportBatch.objects.get()
    assert (batch.last_row, batch.rows_total) == (120, 120)
    assert StagedRecord.objects.count() + RejectedRow.objects.count() == 120
    resumed = import_file(
        source_code="bpjs-test",
        path=path,
        mapping_path=mapping,
        progress=False,
        today=TODAY,
        chunk_rows=40,
        workers=1,
    )
    assert resumed.pk == batch.pk and resumed.rows_total == 300
    numbers = sorted(
        [
            *StagedRecord.objects.values_list("row_number", flat=True),
            *RejectedRow.objects.values_list("row_number", flat=True),
        ]
    )
    assert numbers == list(range(1, 301))


def test_workers_by_file_size_and_cpus(monkeypatch):
    monkeypatch.setattr(pool.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert pool.auto_workers(pool.POOL_FROM_BYTES - 1) == 0
    assert pool.auto_workers(pool.POOL_FROM_BYTES) == 2
    monkeypatch.setattr(pool.os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert pool.auto_workers(10 * pool.POOL_FROM_BYTES) == 0
    monkeypatch.setattr(pool.os, "sched_getaffinity", lambda pid: set(range(16)))
    assert pool.auto_workers(10 * pool.POOL_FROM_BYTES) == pool.MAX_WORKERS


def test_workers_answer_villages_by_name_and_nik_districts_as_inline(
    db, sample_regions, tmp_path
):
    """Workers have no database: the importer answers each block's villages and hands
    over the district codes; the staged and rejected rows are the inline ones."""
    from balai.registry.integration.tests import test_import_villages as named

    niks = [
        "3273015208900001",  # a current district
        "9101015208900002",  # a retired district code (Merauke before 2022)
        "3273995208900003",  # no such district
        "3273015208900000",  # serial 0000: invalid
        "",
    ]
    lines = []
    for k in range(90):
        cells = named.ROWS[k % len(named.ROWS)].split("|")
        cells[0] = str(k + 1)
        cells[-1] = niks[k % len(niks)]
        lines.append("|".join(cells))
    path = tmp_path / "gabungan.csv"
    path.write_text("\n".join([named.HEADER, *lines]) + "\n", encoding="utf-8")
    mapping = tmp_path / "gabungan.yaml"
    mapping.write_text(yaml.safe_dump(named.MAPPING), encoding="utf-8")

    def run(workers: int) -> ImportBatch:
        return _import(path, mapping, "gabungan", chunk_rows=7, workers=workers)

    inline, pooled = run(0), run(2)
    expected = _rows(inline)
    assert expected[0]
    assert _rows(pooled) == expected
    assert pooled.villages == inline.villages and inline.villages["resolved"]
    codes = {w["code"] for record in expected[0] for w in record[-2]}
    assert {"retired_region_code", "unknown_region_code", "unknown_village"} <= codes
