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
        numbers = block.numbers
        chunk = Prepared(last_row=numbers[-1])
        rejected = result.rejected
        for asked, unresolved, no in zip(
            result.village_asked, result.village_unresolved, rejected, strict=True
        ):
            if asked and not no:
                chunk.villages_asked += 1
                if unresolved:
                    chunk.unresolved[unresolved] += 1
                else:
                    chunk.villages_resolved += 1
        now = timezone.now()
        count = len(numbers)
        if any(rejected):
            staged_rows = [i for i in range(count) if not rejected[i]]
            rejected_rows = [i for i in range(count) if rejected[i]]
            errors, warnings, raws = result.errors, result.warnings, block.raws
            refused = {
                "batch_id": [batch_id] * len(rejected_rows),
                "row_number": [numbers[i] for i in rejected_rows],
                "errors": [
                    findings_json(errors[i] + warnings[i]) for i in rejected_rows
                ],
                "raw": [raws[i] for i in rejected_rows],
            }
            chunk.rejected = self._params(RejectedRow, refused, len(rejected_rows), now)
            columns = {
                name: [values[i] for i in staged_rows]
                for name, values in result.columns.items()
            }
            numbers = [numbers[i] for i in staged_rows]
            warned = [warnings[i] for i in staged_rows]
            raws = [raws[i] for i in staged_rows]
        else:
            columns = dict(result.columns)
            warned, raws = result.warnings, block.raws
        # rows with the same findings share their list: each list stored once
        stored: dict[int, list[dict[str, str]]] = {}
        stored_warnings: list[list[dict[str, str]]] = []
        for findings in warned:
            found = stored.get(id(findings))
            if found is None:
                found = stored[id(findings)] = findings_json(findings)
            stored_warnings.append(found)
        chunk.warned = len(warned) - sum(not findings for findings in warned)
        columns["batch_id"] = [batch_id] * len(numbers)
        columns["row_number"] = numbers
        columns["warnings"] = stored_warnings
        columns["raw"] = raws
        chunk.staged = self._params(StagedRecord, columns, len(numbers), now)
        return chunk

    def _params(
        self, model: Any, columns: dict[str, list[Any]], count: int, now: dt.datetime
    ) -> list[tuple[Any, ...]]:
        if not count:
            return []
        rows = RowColumns.of_columns(columns, count)
        sealed = seal(seal_jobs(model, rows), self.ring)
        return value_params(model, rows, now, sealed, self.alias)
