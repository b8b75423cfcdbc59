# SPDX-License-Identifier: EUPL-1.2
"""Registering a birth: a new resident with a new NIK on a parent's family card."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from balai.registry import policies
from balai.registry.constants import (
    SPOUSES,
    Education,
    ErrorCode,
    EventKind,
    MaritalStatus,
    ParticipantRole,
    Relationship,
    ResidentStatus,
)
from balai.registry.models import FamilyMembership, Resident
from balai.registry.services.documents import (
    documents_check,
    event_finish,
    event_start,
)
from balai.registry.services.events.common import lock, resident_build
from balai.registry.services.families import district_for, membership_open
from balai.registry.services.history import Changes, open_membership
from balai.registry.services.inputs import (
    AddressData,
    PersonData,
    ensure_not_future,
    fail,
)
from balai.registry.services.nik_allocation import nik_allocate

PARENT_FIELDS = {ParticipantRole.MOTHER: "mother", ParticipantRole.FATHER: "father"}


def _child_relationship(parent: FamilyMembership) -> str:
    if parent.relationship == Relationship.HEAD or parent.relationship in SPOUSES:
        return Relationship.CHILD
    if parent.relationship in (Relationship.CHILD, Relationship.CHILD_IN_LAW):
        return Relationship.GRANDCHILD
    return Relationship.OTHER_RELATIVE


def _check_parents(
    parents: list[tuple[str, Resident]], child: PersonData
) -> FamilyMembership:
    """Parents may have died since, but must be in the register and older."""
    placement = None
    for role, parent in parents:
        field = PARENT_FIELDS[role]
        if parent.status == ResidentStatus.MOVED_AWAY:
            raise fail(
                _("This parent no longer lives in the register's area."),
                ErrorCode.NOT_ALIVE,
                field,
            )
        if parent.birth_date >= child.birth_date:
            raise fail(
                _("The child's birth date must come after the parent's."),
                ErrorCode.DATE_BEFORE_BIRTH,
                field,
            )
        placement = placement or open_membership(parent)
    if placement is None:
        raise fail(
            _("Neither parent is on a family card; register the family first."),
            ErrorCode.PARENT_NOT_IN_FAMILY,
        )
    return placement


@transaction.atomic
def birth_register(
    *,
    actor: Any,
    child: PersonData,
    mother: Resident | None = None,
    father: Resident | None = None,
    district_code: str | None = None,
    documents: Sequence[UploadedFile] = (),
    note: str = "",
) -> Resident:
    """Register a newborn: a NIK allocated in the family's district (or
    ``district_code``), a place on the mother's (else father's) family card, version
    1, a birth event and audit entries. Raises BalaiError on invalid input."""
    policies.ensure_can_record_event(actor)
    checked = documents_check(documents)
    ensure_not_future(child.birth_date, "birth_date")
    candidates = ((ParticipantRole.MOTHER, mother), (ParticipantRole.FATHER, father))
    named = [(role, parent) for role, parent in candidates if parent is not None]
    if not named:
        raise fail(
            _("Name at least one parent who is in the register."),
            ErrorCode.NO_PARENT,
            "mother",
        )
    locked = lock(*(parent for _role, parent in named))
    parents = [
        (role, parent) for (role, _old), parent in zip(named, locked, strict=True)
    ]
    placement = _check_parents(parents, child)
    family = placement.family
    source = parents[0][1]
    district = district_code or district_for(family.village_id, source.nik)
    nik = nik_allocate(
        district_code=district, birth_date=child.birth_date, sex=child.sex
    )
    event = event_start(
        kind=EventKind.BIRTH, event_date=child.birth_date, actor=actor, note=note
    )
    changes = Changes(event=event, actor=actor)
    address = AddressData(family.address, family.rt, family.rw, family.village_id)
    resident = resident_build(
        child,
        address,
        nik=nik,
        religion=child.religion or source.religion,
        marital_status=MaritalStatus.SINGLE,
        education=child.education or Education.NONE,
    )
    changes.add_new(resident)
    relationship = _child_relationship(placement)
    membership_open(
        changes, family=family, resident=resident, relationship=relationship
    )
    changes.flush("resident.register_birth")
    event_finish(
        event,
        participants=[
            (resident, ParticipantRole.SUBJECT),
            *((parent, role) for role, parent in parents),
        ],
        documents=documents,
        checked=checked,
        details={"family_id": str(family.pk), "relationship": relationship},
    )
    return resident
