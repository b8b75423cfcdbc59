# SPDX-License-Identifier: EUPL-1.2
"""Registering a death: the person leaves their card, a surviving spouse is widowed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from balai.registry import policies
from balai.registry.constants import (
    SPOUSES,
    EventKind,
    MaritalStatus,
    ParticipantRole,
    Relationship,
    ResidentStatus,
)
from balai.registry.models import FamilyMembership, LifeEvent, Resident
from balai.registry.services.documents import (
    documents_check,
    event_finish,
    event_start,
)
from balai.registry.services.events.common import lock
from balai.registry.services.families import (
    current_members,
    family_after_departure,
    membership_close,
)
from balai.registry.services.history import Changes
from balai.registry.services.inputs import (
    ensure_alive,
    ensure_not_before_birth,
    ensure_not_future,
)


def spouse_in_family(membership: FamilyMembership | None) -> Resident | None:
    """The person's spouse on the same card (head ↔ wife/husband), if any."""
    if membership is None:
        return None
    members = current_members(membership.family)
    if membership.relationship == Relationship.HEAD:
        wanted = [m for m in members if m.relationship in SPOUSES]
    elif membership.relationship in SPOUSES:
        wanted = [m for m in members if m.relationship == Relationship.HEAD]
    else:
        wanted = []
    others = [m for m in wanted if m.resident_id != membership.resident_id]
    return others[0].resident if others else None


@transaction.atomic
def death_register(
    *,
    actor: Any,
    resident: Resident,
    death_date: dt.date,
    documents: Sequence[UploadedFile[bytes]] = (),
    note: str = "",
) -> LifeEvent:
    """Record a death: status deceased, off the family card (reissued when the head
    died), a married spouse on the card becomes widowed; versions and audit entries
    for everyone changed. Raises BalaiError for a person not alive or a bad date."""
    policies.ensure_can_record_event(actor)
    checked = documents_check(documents)
    (resident,) = lock(resident)
    ensure_alive(resident)
    ensure_not_future(death_date, "death_date")
    ensure_not_before_birth(death_date, resident, "death_date")
    event = event_start(
        kind=EventKind.DEATH, event_date=death_date, actor=actor, note=note
    )
    changes = Changes(event=event, actor=actor)
    participants = [(resident, ParticipantRole.SUBJECT)]
    membership = membership_close(changes, resident)
    spouse = spouse_in_family(membership)
    if spouse is not None and spouse.marital_status == MaritalStatus.MARRIED:
        (spouse,) = lock(spouse)
        spouse.marital_status = MaritalStatus.WIDOWED
        changes.touch(spouse, "marital_status")
        participants.append((spouse, ParticipantRole.SPOUSE))
    resident.status = ResidentStatus.DECEASED
    changes.touch(resident, "status")
    if membership is not None:
        family_after_departure(changes, membership.family)
    changes.flush("resident.register_death")
    event_finish(event, participants=participants, documents=documents, checked=checked)
    return event
