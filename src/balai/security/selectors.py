# SPDX-License-Identifier: EUPL-1.2
"""Reads of the security app: searching the audit log, a person's access history."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from balai.security.audit import directory
from balai.security.models import AuditEntry
from balai.security.policies import visible_audit_entries


@dataclasses.dataclass(frozen=True)
class AuditFilters:
    """Search criteria; empty ones are ignored. An action ending in ``*`` is a prefix.

    Dates are calendar days in the site's time zone, both ends included.
    """

    action: str = ""
    actor_id: uuid.UUID | None = None
    agency_id: uuid.UUID | None = None
    subject_id: uuid.UUID | None = None
    object_type: str = ""
    object_id: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    # what auditors type: a person's name or NIK, an agency's name (directory)
    actor: str = ""
    agency: str = ""
    subject: str = ""

    def describe(self) -> str:
        """``name=value`` pairs of the criteria in use, for the export's purpose."""
        used = [
            f"{field.name}={value}"
            for field in dataclasses.fields(self)
            if (value := getattr(self, field.name)) not in (None, "")
        ]
        return ", ".join(used) or "all entries"


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def filter_audit_entries(
    entries: QuerySet[AuditEntry], filters: AuditFilters
) -> QuerySet[AuditEntry]:
    """``entries`` narrowed by ``filters``, newest first."""
    criteria: dict[str, Any] = {}
    if filters.action.endswith("*"):
        criteria["action__startswith"] = filters.action[:-1]
    elif filters.action:
        criteria["action"] = filters.action
    for name in ("actor_id", "agency_id", "subject_id", "object_type", "object_id"):
        value = getattr(filters, name)
        if value not in (None, ""):
            criteria[name] = value
    for name, kind, column in (
        ("actor", "person", "actor_id"),
        ("agency", "agency", "agency_id"),
        ("subject", "person", "subject_id"),
    ):
        text = getattr(filters, name)
        if text:
            criteria[f"{column}__in"] = sorted(directory.find(kind, text))
    if filters.date_from:
        criteria["occurred_at__gte"] = _day_start(filters.date_from)
    if filters.date_to:
        criteria["occurred_at__lt"] = _day_start(filters.date_to + dt.timedelta(1))
    return entries.filter(**criteria).order_by("-id")


def audit_entry_list(
    *, user: Any, filters: AuditFilters, before: int | None = None
) -> QuerySet[AuditEntry]:
    """Entries visible to ``user`` matching ``filters``, newest first (id < before)."""
    entries = filter_audit_entries(visible_audit_entries(user), filters)
    if before is not None:
        entries = entries.filter(id__lt=before)
    return entries


def audit_accesses_for_subject(
    subject_id: uuid.UUID | str,
) -> QuerySet[AuditEntry, Any]:
    """Who (agency and role, never the person) touched this person's data, and why.

    For the citizen's own "Data Saya" page: rows of ``occurred_at``, ``agency_id``,
    ``role``, ``actor_kind``, ``action`` and ``purpose``, newest first. The person's
    own actions are left out; the caller must only pass the logged-in person's id.
    """
    return (
        AuditEntry.objects.filter(subject_id=subject_id)
        .exclude(actor_id=subject_id)
        .order_by("-id")
        .values("occurred_at", "agency_id", "role", "actor_kind", "action", "purpose")
    )


def audit_entries_named(entries: list[AuditEntry]) -> list[AuditEntry]:
    """The entries with ``actor_name``, ``agency_name``, ``subject_name`` and
    ``role_label`` set from the directory (names for the page; the ids stay)."""
    people = directory.names_for(
        "person",
        [e.actor_id for e in entries] + [e.subject_id for e in entries],
    )
    agencies = directory.names_for("agency", [e.agency_id for e in entries])
    roles = directory.names_for("role", [e.role for e in entries])
    for entry in entries:
        entry.actor_name = people.get(str(entry.actor_id), "")  # type: ignore[attr-defined]
        entry.agency_name = agencies.get(str(entry.agency_id), "")  # type: ignore[attr-defined]
        entry.subject_name = people.get(str(entry.subject_id), "")  # type: ignore[attr-defined]
        entry.role_label = roles.get(entry.role or "", entry.role or "")  # type: ignore[attr-defined]
    return entries
