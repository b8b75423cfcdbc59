# SPDX-License-Identifier: EUPL-1.2
"""A block of rows made ready for the writer: normalised, sealed, as INSERT parameters.

``ChunkMaker`` does everything an import does to a block of rows except reading and
writing it: the column-wise rules (``ColumnNormaliser``), each row's findings as
stored (``FindingsJson``), encryption and blind indexes (``sealing.seal``) and every
column's database value (``bulk.value_params``). Its ``Prepared`` chunk holds the
``INSERT`` parameters of the staged and the rejected rows and the chunk's counts;
the importer writes it in one transaction (``services._commit``).

Inline (``workers=0``) the importer's own maker runs it. In an import worker
(``pool``, ``worker``) a maker of the same mapping runs it: the worker sets Django
up (models' fields prepare the values) but never opens a database connection. What
the rules would ask of the database is handed over instead: the NIK and KK districts
as every district's and retired code (``regions.DistrictAnswers``, read once by the
importer), and each block's villages answered by the importer (``ColumnNormaliser.
places_known``) before the block is sent; the worker's rules then give exactly the
importer's answers (``tests/test_import_pool.py`` compares both).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from balai.registry.integration.importing.bulk import (
    RowColumns,
    seal_jobs,
    value_params,
)
from balai.registry.integration.importing.columnar import (
    Block,
    ColumnNormaliser,
    FindingsJson,
)
from balai.registry.integration.importing.sealing import seal
from balai.registry.integration.models import RejectedRow, StagedRecord
from balai.security.crypto.keyformat import Keyring


@dataclass
class Prepared:
    """One block's rows as ``bulk.insert_sql`` parameters, with the chunk's counts."""

    staged: list[tuple[Any, ...]] = field(default_factory=list)
    rejected: list[tuple[Any, ...]] = field(default_factory=list)
    warned: int = 0
    last_row: int = 0
    villages_asked: int = 0
    villages_resolved: int = 0
    unresolved: Counter[str] = field(default_factory=Counter)

    def __len__(self) -> int:
        return len(self.staged) + len(self.rejected)


class ChunkMaker:
    """A block's ``Prepared`` chunk for batch ``batch_id`` (database ``alias``)."""

    def __init__(
        self,
        normalise: ColumnNormaliser,
        *,
        batch_id: Any,
        alias: str,
        ring: Keyring | None = None,
    ) -> None:
        self.normalise = normalise
        self.batch_id = batch_id
        self.alias = alias
        self.ring = ring  # None: the active keyring (inline)
        self.findings_json = FindingsJson()

    def __call__(self, block: Block) -> Prepared:
        result = self.normalise(block)
        findings_json = self.findings_json
        batch_id = self.batch_id
        chunk = Prepared(last_row=block.numbers[-1])
        staged: list[dict[str, Any]] = []
        rejected: list[dict[str, Any]] = []
        for i, values in enumerate(result.values):
            errors, warnings = result.errors[i], result.warnings[i]
            if result.village_asked[i] and not errors:
                chunk.villages_asked += 1
                if result.village_unresolved[i]:
                    chunk.unresolved[result.village_unresolved[i]] += 1
                else:
                    chunk.villages_resolved += 1
            if errors or values is None:
                rejected.append(
                    {
                        "batch_id": batch_id,
                        "row_number": block.numbers[i],
                        "errors": findings_json(errors + warnings),
                        "raw": block.raws[i],
                    }
                )
                continue
            chunk.warned += bool(warnings)
            values["batch_id"] = batch_id
            values["row_number"] = block.numbers[i]
            values["warnings"] = findings_json(warnings)
            values["raw"] = block.raws[i]
            staged.append(values)
        now = timezone.now()
        chunk.staged = self._params(StagedRecord, staged, now)
        chunk.rejected = self._params(RejectedRow, rejected, now)
        return chunk

    def _params(
        self, model: Any, rows: list[dict[str, Any]], now: dt.datetime
    ) -> list[tuple[Any, ...]]:
        columns = RowColumns(rows)
        sealed = seal(seal_jobs(model, columns), self.ring)
        return value_params(model, columns, now, sealed, self.alias)
