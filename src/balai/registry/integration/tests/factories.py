# SPDX-License-Identifier: EUPL-1.2
"""Integration objects for tests: a source, a staged batch, records, candidates."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from balai.registry.integration.constants import (
    BatchStatus,
    CandidateDecision,
    StagedStatus,
)
from balai.registry.integration.models import (
    ImportBatch,
    LinkageRun,
    MatchCandidate,
    Source,
    StagedRecord,
)
from balai.registry.models import Resident

WEIGHTS = [
    {"comparison": "full_name", "label": "Jaro-Winkler >= 0.92", "weight": 6.5},
    {"comparison": "birth_date", "label": "exact", "weight": 9.1},
]


def source(code: str = "bpjs", name: str = "BPJS Kesehatan") -> Source:
    found, _created = Source.objects.get_or_create(code=code, defaults={"name": name})
    return found


def batch(*, status: str = BatchStatus.STAGED, code: str = "bpjs") -> ImportBatch:
    return ImportBatch.objects.create(
        source=source(code),
        file_name="peserta.csv",
        file_sha256="0" * 64,
        file_format="csv",
        status=status,
    )


def staged(
    of: ImportBatch, row: int, *, status: str = StagedStatus.STAGED, **fields: Any
) -> StagedRecord:
    values = {
        "full_name": "Siti Aminah",
        "birth_date": dt.date(1990, 8, 12),
        "sex": "F",
        "address": "Jalan Dago 12",
        **fields,
    }
    return StagedRecord.objects.create(
        batch=of,
        row_number=row,
        source_record_id=str(row),
        raw=json.dumps({"row": row}),
        status=status,
        **values,
    )


def like(resident: Resident, of: ImportBatch, row: int, **fields: Any) -> StagedRecord:
    """A staged record holding the resident's own data (with overrides)."""
    values = {
        "nik": resident.nik,
        "full_name": resident.full_name,
        "birth_date": resident.birth_date,
        "birth_place": resident.birth_place,
        "sex": resident.sex,
        "address": resident.address,
        "rt": resident.rt,
        "rw": resident.rw,
        "village_code": resident.village_id or "",
        **fields,
    }
    return staged(of, row, **values)


def candidate(
    record: StagedRecord, resident: Resident, probability: float = 0.9
) -> MatchCandidate:
    run = record.batch.runs.first() or LinkageRun.objects.create(
        batch=record.batch,
        model_version="test",
        upper_threshold=0.99,
        lower_threshold=0.5,
    )
    record.status = StagedStatus.REVIEW
    record.save(update_fields=["status"])
    return MatchCandidate.objects.create(
        run=run,
        staged=record,
        resident=resident,
        match_probability=probability,
        match_weight=3.2,
        comparisons=WEIGHTS,
        decision=CandidateDecision.PENDING,
    )
