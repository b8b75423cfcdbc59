# SPDX-License-Identifier: EUPL-1.2
"""The row-level rejection report of a batch: one CSV line per reason.

Columns ``row_number, field, code, message`` (and ``detail``); ``raw`` is added only
with ``with_data``, because the original row holds personal data; that export is
audited.
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterator
from typing import Any, TextIO

from django.utils.translation import gettext as _

from balai.core.errors import NotFound
from balai.registry.integration.importing.codes import shown_message
from balai.registry.integration.models import ImportBatch, RejectedRow
from balai.registry.policies import ensure_can_view_register
from balai.security import audit

COLUMNS = ("row_number", "field", "code", "message", "detail")
MIN_PREFIX = 6


def batch_get(batch_id: str) -> ImportBatch:
    """The batch with this id, or the only one whose id starts with it (≥ 6 chars)."""
    text = batch_id.strip().lower()
    try:
        return ImportBatch.objects.select_related("source").get(pk=uuid.UUID(text))
    except (ValueError, ImportBatch.DoesNotExist):
        pass
    if len(text) >= MIN_PREFIX and all(c in "0123456789abcdef-" for c in text):
        # UUIDs are stored as text on SQLite and as uuid on PostgreSQL: compare ids
        found = [
            pk
            for pk in ImportBatch.objects.values_list("pk", flat=True)
            if str(pk).startswith(text)
        ]
        if len(found) == 1:
            return ImportBatch.objects.select_related("source").get(pk=found[0])
    raise NotFound(_("No import batch has this id."))


def rejection_lines(
    batch: ImportBatch, *, with_data: bool = False
) -> Iterator[dict[str, Any]]:
    """One dict per reason a row was rejected, in row order."""
    rows = RejectedRow.objects.filter(batch=batch).order_by("row_number")
    if not with_data:
        rows = rows.defer("raw")
    for row in rows.iterator(chunk_size=1000):
        for error in row.errors:
            line = {
                "row_number": row.row_number,
                "field": error.get("field", ""),
                "code": error.get("code", ""),
                "message": shown_message(error),
                "detail": error.get("detail", ""),
            }
            if with_data:
                line["raw"] = row.raw
            yield line


def rejections_write(
    *, batch: ImportBatch, out: TextIO, with_data: bool = False, user: Any = None
) -> int:
    """Write the report as CSV to ``out``; returns the number of lines written."""
    if user is not None:
        ensure_can_view_register(user)
    if with_data:
        audit.record(
            actor=user,
            action="registry.import_rejections_export",
            target=batch,
            purpose="rejection report with the original rows",
        )
    writer = csv.DictWriter(out, fieldnames=[*COLUMNS, *(["raw"] if with_data else [])])
    writer.writeheader()
    count = 0
    for line in rejection_lines(batch, with_data=with_data):
        writer.writerow(line)
        count += 1
    return count
