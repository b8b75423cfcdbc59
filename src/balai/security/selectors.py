# SPDX-License-Identifier: EUPL-1.2
"""Reads of the security app: searching the audit log, a person's access history."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

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
