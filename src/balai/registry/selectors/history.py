# SPDX-License-Identifier: EUPL-1.2
"""A resident's history: every version with the event that caused it, and "as of"."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from balai.registry.models import (
    LifeEvent,
    LifeEventParticipant,
    Resident,
    ResidentVersion,
)
from balai.registry.selectors.residents import _get
from balai.registry.services.history import version_as_of
from balai.security import audit


@dataclass(frozen=True)
class ResidentState:
    """What the register held about a person between ``valid_from`` and ``valid_to``."""

    version: int
    valid_from: dt.datetime
    valid_to: dt.datetime | None
    data: dict[str, Any]
    event: LifeEvent | None = None
    changed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ResidentHistory:
    resident: Resident
    states: list[ResidentState]  # newest first


def _state(version: ResidentVersion, previous: dict[str, Any] | None) -> ResidentState:
    data = version.data
    changed = (
        sorted(key for key in data if data.get(key) != previous.get(key))
        if previous is not None
        else []
    )
    return ResidentState(
        version=version.version,
        valid_from=version.valid_from,
        valid_to=version.valid_to,
        data=data,
        event=version.caused_by,
        changed=changed,
    )


def resident_history(
    actor: Any, resident_id: uuid.UUID | str, *, purpose: str
) -> ResidentHistory:
    """Every version of a resident, newest first, each with the event that caused
    it and the attributes that changed; policy-checked and audited (purpose)."""
    resident = _get(actor, resident_id)
    audit.record_read(actor=actor, purpose=purpose, target=resident)
    participants = LifeEventParticipant.objects.select_related("resident")
    versions = (
        ResidentVersion.objects.filter(resident_id=resident.pk)
        .select_related("caused_by")
        .prefetch_related(
            Prefetch("caused_by__documents"),
            Prefetch("caused_by__participants", queryset=participants),
        )
        .order_by("version")
    )
    states: list[ResidentState] = []
    previous = None
    for version in versions:
        state = _state(version, previous)
        states.append(state)
        previous = state.data
    return ResidentHistory(resident=resident, states=states[::-1])


def resident_as_of(
    actor: Any, resident_id: uuid.UUID | str, at: dt.datetime, *, purpose: str
) -> ResidentState | None:
    """What the register knew about the resident at ``at`` (None: not yet known);
    policy-checked and audited with the purpose."""
    resident = _get(actor, resident_id)
    audit.record_read(actor=actor, purpose=purpose, target=resident)
    version = version_as_of(resident.pk, at)
    return _state(version, None) if version is not None else None
