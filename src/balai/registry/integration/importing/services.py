# SPDX-License-Identifier: EUPL-1.2
"""``import_file``: stage one file of another agency's records, resumably.

The file is checksummed; an unfinished batch of the same source and checksum is
resumed from its ``last_row`` checkpoint, a finished one is refused unless ``force``.
Rows are read as a stream and committed in chunks: the staged rows, the rejected rows
and the batch's checkpoint and counts go in one transaction, so a crash between
chunks loses nothing and a resumed import stages no row twice.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from itertools import chain
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.db import router, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tqdm import tqdm

from balai.accounts.models import Agency
from balai.core.errors import BalaiError
from balai.registry.integration.constants import BatchStatus
from balai.registry.integration.importing.bulk import bulk_writes, insert_params
from balai.registry.integration.importing.chunks import ChunkMaker, Prepared
from balai.registry.integration.importing.collector import fewer_collections
from balai.registry.integration.importing.columnar import (
    Block,
    ColumnNormaliser,
    file_blocks,
)
from balai.registry.integration.importing.mapping import (
    Mapping,
    MappingError,
    mapping_load,
)
from balai.registry.integration.importing.pool import ChunkPool, auto_workers
from balai.registry.integration.importing.readers import (
    FileFacts,
    FileLayoutError,
    detect_format,
    inspect_file,
    open_reader,
    total_rows,
)
from balai.registry.integration.importing.regions import DistrictAnswers
from balai.registry.integration.importing.worker import WorkerSetup
from balai.registry.integration.models import (
    ImportBatch,
    RejectedRow,
    Source,
    StagedRecord,
)
from balai.registry.policies import ensure_can_record_event
from balai.security import audit

logger = logging.getLogger(__name__)
DEFAULT_CHUNK_ROWS = 5000
MAX_UNRESOLVED_LISTED = 500  # distinct unresolved village names kept per batch
FINISHED = (BatchStatus.STAGED, BatchStatus.LINKED)


class ImportRefused(BalaiError):
    """The import cannot start: already imported, mapping changed, another running."""

    code = "import_refused"
    status = 409


def _document(mapping: Mapping) -> dict[str, Any]:
    """The mapping as plain JSON (YAML may hold dates), to keep on the batch."""
    return json.loads(json.dumps(mapping.document, default=str))


def _source(mapping: Mapping) -> Source:
    agency = None
    if mapping.agency_code:
        # reading a reference row by its code; agencies are never written from here
        agency = Agency.objects.filter(code=mapping.agency_code).first()
        if agency is None:
            raise MappingError(
                ["source.agency: " + _("no agency has this code in Balai")]
            )
    source, created = Source.objects.get_or_create(
        code=mapping.source_code,
        defaults={"name": mapping.source_name, "agency": agency},
    )
    if not created and agency is not None and source.agency_id != agency.pk:
        source.agency = agency
        source.save(update_fields=["agency", "updated_at"])
    return source


def _batch_for(
    *,
    source: Source,
    path: Path,
    facts: FileFacts,
    file_format: str,
    mapping: Mapping,
    user: Any,
    force: bool,
) -> ImportBatch:
    """The batch to resume, or a new one; ImportRefused for a finished file."""
    document = _document(mapping)
    same_file = ImportBatch.objects.filter(source=source, file_sha256=facts.sha256)
    unfinished = same_file.filter(status=BatchStatus.STAGING).order_by("-created_at")
    for batch in unfinished:
        if force:
            batch.status = BatchStatus.FAILED
            batch.save(update_fields=["status", "updated_at"])
            continue
        if batch.mapping != document:
            raise ImportRefused(
                _(
                    "An interrupted import of this file used a different mapping; "
                    "run it with the same mapping to resume, or with --force to "
                    "start again."
                ),
                code="mapping_changed",
            )
        logger.info(
            "registry.import.resume batch=%s after=%s", batch.pk, batch.last_row
        )
        return batch
    if not force and same_file.filter(status__in=FINISHED).exists():
        raise ImportRefused(
            _(
                "This file was already imported from this source; use --force to "
                "import it again as a new batch."
            ),
            code="already_imported",
        )
    return ImportBatch.objects.create(
        source=source,
        file_name=path.name[:255],
        file_sha256=facts.sha256,
        file_format=file_format,
        mapping=document,
        created_by=user,
    )


def _check_header(header: list[str], mapping: Mapping, file_format: str) -> None:
    """Columns of required fields must exist in a CSV/XLSX header (not per row)."""
    if file_format == "jsonl":
        return
    names = set(header)
    missing = sorted(
        column
        for name in mapping.required
        for spec in [mapping.columns.get(name)]
        if spec is not None
        for column in spec.columns
        if column not in names
    )
    if "full_name" not in mapping.columns:
        for name in ("given_name", "family_name"):
            spec = mapping.columns.get(name)
            if spec is not None and not names & set(spec.columns):
                missing.extend(spec.columns)
    if missing:
        raise FileLayoutError(
            _("The file lacks columns the mapping requires: %(columns)s")
            % {"columns": ", ".join(missing)}
        )


def _first_block(blocks: Iterator[Block]) -> list[Block]:
    """The first block, already read (so the reader knows the header)."""
    first = next(blocks, None)
    return [first] if first is not None else []


def _villages(before: dict[str, Any], chunk: Prepared) -> dict[str, Any]:
    """The batch's village resolution figures with one more chunk's added."""
    unresolved = Counter(before.get("unresolved") or {})
    unresolved.update(chunk.unresolved)
    return {
        "asked": int(before.get("asked", 0)) + chunk.villages_asked,
        "resolved": int(before.get("resolved", 0)) + chunk.villages_resolved,
        "unresolved": dict(unresolved.most_common(MAX_UNRESOLVED_LISTED)),
    }


def _commit(batch: ImportBatch, chunk: Prepared) -> None:
    """One chunk's rows (``ChunkMaker``'s INSERT parameters), checkpoint and counts
    in one transaction."""
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.last_row != batch.last_row or locked.status != BatchStatus.STAGING:
            raise ImportRefused(
                _("Another import of this file is running."), code="import_running"
            )
        now = timezone.now()
        insert_params(StagedRecord, chunk.staged)
        insert_params(RejectedRow, chunk.rejected)
        villages = _villages(locked.villages, chunk)
        ImportBatch.objects.filter(pk=batch.pk).update(
            villages=villages,
            last_row=chunk.last_row,
            rows_total=F("rows_total") + len(chunk),
            rows_staged=F("rows_staged") + len(chunk.staged),
            rows_rejected=F("rows_rejected") + len(chunk.rejected),
            rows_warned=F("rows_warned") + chunk.warned,
            updated_at=now,
        )
    batch.last_row = chunk.last_row
    batch.rows_total += len(chunk)
    batch.rows_staged += len(chunk.staged)
    batch.rows_rejected += len(chunk.rejected)
    batch.rows_warned += chunk.warned
    batch.villages = villages


def _finish(batch: ImportBatch, user: Any) -> None:
    with transaction.atomic():
        batch.status = BatchStatus.STAGED
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "finished_at", "updated_at"])
        audit.record(
            actor=user,
            action="registry.import",
            target=batch,
            purpose=(
                f"import from source {batch.source.code}: {batch.rows_total} rows "
                f"read, {batch.rows_staged} staged ({batch.rows_warned} with "
                f"warnings), {batch.rows_rejected} rejected"
            ),
        )
    logger.info(
        "registry.import.staged batch=%s read=%s staged=%s rejected=%s",
        batch.pk,
        batch.rows_total,
        batch.rows_staged,
        batch.rows_rejected,
    )


def import_file(
    *,
    source_code: str,
    path: str | Path,
    mapping_path: str | Path | None = None,
    mapping: Mapping | None = None,
    user: Any = None,
    progress: bool = True,
    force: bool = False,
    chunk_rows: int | None = None,
    today: dt.date | None = None,
    progress_file: TextIO | None = None,
    after_chunk: Callable[[ImportBatch], None] | None = None,
    workers: int | None = None,
) -> ImportBatch:
    """Stage every row of a file as a StagedRecord or a RejectedRow, resumably.

    ``user`` (None for the system, e.g. the command line) must be register staff.
    Raises MappingError, FileLayoutError or ImportRefused before writing anything
    when the mapping, the file or the batch state forbids the import; a file found
    broken half-way marks its batch failed. ``after_chunk`` runs after each commit.
    ``workers`` seal chunks (encrypt, blind indexes) in that many processes while
    the next block is normalised (``pool``); None: ``REGISTRY_IMPORT_WORKERS``
    (negative: ``auto_workers`` by the file's size and the CPUs, 0: inline).
    """
    if user is not None:
        ensure_can_record_event(user)
    if mapping is None:
        if mapping_path is None:
            raise MappingError(["mapping: " + _("no mapping file given")])
        mapping = mapping_load(mapping_path)
    if mapping.source_code != source_code:
        raise MappingError(
            [
                "source.code: "
                + _("the mapping is for source %(code)s")
                % {"code": mapping.source_code}
            ]
        )
    path = Path(path)
    file_format = detect_format(path, mapping)
    facts = inspect_file(path, mapping.encoding)
    reader = open_reader(path, mapping, facts)
    source = _source(mapping)
    batch = _batch_for(
        source=source,
        path=path,
        facts=facts,
        file_format=file_format,
        mapping=mapping,
        user=user,
        force=force,
    )
    chunk_rows = int(
        chunk_rows
        or getattr(settings, "REGISTRY_IMPORT_CHUNK_ROWS", None)
        or DEFAULT_CHUNK_ROWS
    )
    blocks_reader, blocks = file_blocks(path, reader, facts, batch.last_row, chunk_rows)
    first = _first_block(blocks)  # reads the header
    _check_header(blocks_reader.header, mapping, file_format)
    today = today or timezone.localdate()
    alias = router.db_for_write(StagedRecord)
    maker = ChunkMaker(
        ColumnNormaliser(mapping, today=today), batch_id=batch.pk, alias=alias
    )
    bar = tqdm(
        total=total_rows(path, file_format, mapping, facts) if progress else None,
        initial=batch.last_row,
        disable=not progress,
        unit="row",
        desc=source.code,
        file=progress_file,
    )
    if workers is None:
        workers = getattr(settings, "REGISTRY_IMPORT_WORKERS", -1)
    if workers < 0:
        workers = auto_workers(path.stat().st_size)
    setup = None
    if workers > 0:
        districts = DistrictAnswers.read()
        setup = WorkerSetup(
            mapping=mapping,
            today=today,
            batch_id=batch.pk,
            alias=alias,
            districts=districts.districts,
            retired=districts.retired,
        )
    chunks = ChunkPool(workers, maker, setup)
    pending: deque[Future[Prepared]] = deque()

    def write_oldest() -> None:
        _commit(batch, pending.popleft().result())
        bar.update(max(batch.last_row - bar.n, 0))
        if after_chunk is not None:
            after_chunk(batch)

    try:
        with fewer_collections(), bulk_writes(alias):  # collector, bulk
            try:
                for block in chain(first, blocks):
                    if not len(block):
                        continue
                    pending.append(chunks.submit(block))
                    while len(pending) > chunks.ahead:  # in order: one writer
                        write_oldest()
            except FileLayoutError:
                while pending:  # the rows before the broken one, as without a pool
                    write_oldest()
                ImportBatch.objects.filter(pk=batch.pk).update(
                    status=BatchStatus.FAILED
                )
                raise
            while pending:
                write_oldest()
    finally:
        chunks.close()
        bar.close()
    _finish(batch, user)
    return batch
