# SPDX-License-Identifier: EUPL-1.2
"""Versioned writes: every resident an event touches gets one new version.

An event service collects what it changes in a ``Changes`` and calls ``flush()``
once: each touched resident's current KK number is synchronised with their open
family membership, the row is validated and saved with a bumped ``version``, the
previous ResidentVersion is closed at the event's time, the new one opened with an
encrypted snapshot, and one audit entry (field names only) is written per resident.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from balai.registry.constants import EVENT_PURPOSE
from balai.registry.models import (
    SNAPSHOT_FIELDS,
    FamilyMembership,
    LifeEvent,
    Resident,
    ResidentVersion,
)
from balai.registry.services.inputs import full_clean
from balai.security import audit


def snapshot_of(resident: Resident, membership: FamilyMembership | None) -> str:
    """Every attribute plus the family placement, as JSON text (encrypted at rest)."""
    data: dict[str, Any] = {}
    for name in SNAPSHOT_FIELDS:
        value = getattr(resident, name)
        data[name] = value.isoformat() if isinstance(value, dt.date) else value
    data["family_id"] = str(membership.family_id) if membership else None
    data["relationship"] = membership.relationship if membership else None
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def open_membership(resident: Resident) -> FamilyMembership | None:
    return (
        FamilyMembership.objects.select_related("family")
        .filter(resident_id=resident.pk, valid_to__isnull=True)
        .first()
    )


def version_as_of(resident_id: Any, at: dt.datetime) -> ResidentVersion | None:
    """The version the register held at ``at`` (None before the first one)."""
    return (
        ResidentVersion.objects.filter(resident_id=resident_id, valid_from__lte=at)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=at))
        .order_by("-version")
        .first()
    )


@dataclass
class Changes:
    """What one event changes; ``flush()`` writes versions and audit entries."""

    event: LifeEvent
    actor: Any
    _touched: dict[Any, tuple[Resident, set[str], bool]] = field(default_factory=dict)

    @property
    def now(self) -> dt.datetime:
        return self.event.recorded_at

    def add_new(self, resident: Resident) -> Resident:
        """Insert a new resident (version 1 is written at flush)."""
        resident.version = 1
        full_clean(resident, exclude=["kk_number"])
        resident.save(force_insert=True)
        self._touched[resident.pk] = (resident, set(SNAPSHOT_FIELDS), True)
        return resident

    def touch(self, resident: Resident, *names: str) -> None:
        """Note that ``names`` of ``resident`` changed (the instance has the values)."""
        found = self._touched.get(resident.pk)
        if found is None:
            self._touched[resident.pk] = (resident, set(names), False)
            return
        stored, known, _is_new = found
        if stored is not resident:  # another copy of the row: keep one with all values
            for name in names:
                setattr(stored, name, getattr(resident, name))
        known.update(names)

    def residents(self) -> list[Resident]:
        return [resident for resident, _names, _new in self._touched.values()]

    def flush(self, action: str) -> list[Resident]:
        """Save every touched resident once, with a new version and an audit entry."""
        saved = []
        for resident, names, is_new in self._touched.values():
            membership = open_membership(resident)
            kk_number = membership.family.kk_number if membership else None
            if resident.kk_number != kk_number:
                resident.kk_number = kk_number
                names.add("kk_number")
            if not names:
                continue
            self._save(resident, names, is_new)
            ResidentVersion.objects.filter(
                resident_id=resident.pk, valid_to__isnull=True
            ).update(valid_to=self.now)
            ResidentVersion.objects.create(
                resident=resident,
                version=resident.version,
                valid_from=self.now,
                snapshot=snapshot_of(resident, membership),
                caused_by=self.event,
            )
            audit.record(
                actor=self.actor,
                action=action,
                target=resident,
                purpose=EVENT_PURPOSE,
                changes=sorted(names | {"version"}),
            )
            saved.append(resident)
        return saved

    def _save(self, resident: Resident, names: set[str], is_new: bool) -> None:
        if is_new:
            resident.save(update_fields=["kk_number", "updated_at"])
            return
        resident.version += 1
        full_clean(resident)
        columns = {"village" if name == "village_id" else name for name in names}
        resident.save(update_fields=sorted(columns | {"version", "updated_at"}))
