# SPDX-License-Identifier: EUPL-1.2
"""Exporting the audit log as CSV; every export is itself an audit entry."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from balai.security import policies
from balai.security.audit.service import record
from balai.security.models import AuditEntry
from balai.security.monitoring.services import security_export_record
from balai.security.selectors import AuditFilters, filter_audit_entries

CSV_COLUMNS = (
    "id",
    "occurred_at",
    "actor_id",
    "actor_kind",
    "agency_id",
    "role",
    "action",
    "object_type",
    "object_id",
    "subject_id",
    "purpose",
    "request_id",
    "ip",
    "changes",
    "prev_hash",
    "entry_hash",
)
CHUNK_SIZE = 2000
# A cell starting with one of these is a formula to spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def audit_export(
    *, actor: Any, filters: AuditFilters, channel: str
) -> QuerySet[AuditEntry]:
    """Record an ``audit.export`` entry, then return the entries to export.

    ``actor`` must hold the export policy; None means the system (the command line,
    where shell access to the server already implies it). The export holds entries
    older than its own record, so it is a consistent snapshot of the log.
    """
    if actor is None:
        entries = AuditEntry.objects.all()
    else:
        policies.ensure_can_export_audit(actor)
        entries = policies.visible_audit_entries(actor)
    entry = record(
        actor=actor,
        action="audit.export",
        object_type=AuditEntry._meta.label_lower,
        purpose=f"{channel} CSV export: {filters.describe()}",
    )
    security_export_record(
        actor=actor, dataset="audit_log", channel=channel.split(" ", 1)[0]
    )
    selected = filter_audit_entries(entries, filters).filter(id__lt=entry.id)
    return selected.order_by("id")


class _Echo:
    """A file-like object whose write returns the text, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _row(entry: AuditEntry) -> list[str]:
    values: dict[str, object] = {name: getattr(entry, name) for name in CSV_COLUMNS}
    values["occurred_at"] = timezone.localtime(entry.occurred_at).isoformat()
    values["changes"] = ";".join(entry.changes or [])
    return [_cell(values[name]) for name in CSV_COLUMNS]


def csv_lines(entries: QuerySet[AuditEntry]) -> Iterator[str]:
    """The header and one CSV line per entry, read in chunks (constant memory)."""
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for entry in entries.iterator(chunk_size=CHUNK_SIZE):
        yield writer.writerow(_row(entry))
