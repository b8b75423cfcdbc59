# SPDX-License-Identifier: EUPL-1.2
"""First registration: a person recorded in the register for the first time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.registry import policies
from balai.registry.constants import (
    ErrorCode,
    EventKind,
    ParticipantRole,
    Relationship,
)
from balai.registry.models import Family, Resident
from balai.registry.services.documents import (
    documents_check,
    event_finish,
    event_start,
)
from balai.registry.services.events.common import (
    entering_nik,
    nik_warnings,
    resident_build,
)
from balai.registry.services.families import district_for, family_open, membership_open
from balai.registry.services.history import Changes
from balai.registry.services.inputs import (
    AddressData,
    PersonData,
    ensure_not_future,
    fail,
    village_or_none,
)
from balai.registry.services.nik_allocation import nik_allocate


def _family(family: Family | None, relationship: str) -> Family | None:
    if family is None:
        if relationship != Relationship.HEAD:
            raise fail(
                _("Without a family card to join, the person heads a new family."),
                ErrorCode.NO_FAMILY,
                "relationship",
            )
        return None
    if relationship == Relationship.HEAD:
        raise fail(
            _("The family already has a head."), ErrorCode.ONE_HEAD, "relationship"
        )
    locked = Family.objects.select_for_update().get(pk=family.pk)
    if not locked.is_open:
        raise fail(_("This family card is closed."), ErrorCode.FAMILY_CLOSED, "family")
    return locked


@transaction.atomic
def first_registration(
    *,
    actor: Any,
    person: PersonData,
    address: AddressData,
    nik: str | None = None,
    district_code: str | None = None,
    family: Family | None = None,
    relationship: str = Relationship.HEAD,
    documents: Sequence[UploadedFile[bytes]] = (),
    note: str = "",
) -> Resident:
    """Record a person not yet in the register, with their NIK (validated; a NIK
    already in the register is refused) or a newly allocated one (in
    ``district_code``, else the address's district); they join ``family`` or head a
    new family card. Version 1, a first_registration event and audit entries."""
    policies.ensure_can_record_event(actor)
    checked = documents_check(documents)
    ensure_not_future(person.birth_date, "birth_date")
    village = village_or_none(address.village_code)
    target = _family(family, relationship)
    warnings: list[str] = []
    if nik:
        parsed = entering_nik(nik)
        warnings = nik_warnings(parsed, person)
        number = parsed.nik
    else:
        district = district_code or (village.pk[:8] if village else "")
        number = nik_allocate(
            district_code=district, birth_date=person.birth_date, sex=person.sex
        )
    event = event_start(
        kind=EventKind.FIRST_REGISTRATION,
        event_date=timezone.localdate(),
        actor=actor,
        note=note,
    )
    changes = Changes(event=event, actor=actor)
    resident = changes.add_new(resident_build(person, address, nik=number))
    if target is None:
        target = family_open(
            changes,
            head=resident,
            address=resident.address,
            rt=resident.rt,
            rw=resident.rw,
            village_id=resident.village_id,
            district_code=district_for(resident.village_id, number),
        )
    else:
        membership_open(
            changes, family=target, resident=resident, relationship=relationship
        )
    changes.flush("resident.register_first")
    event_finish(
        event,
        participants=[(resident, ParticipantRole.SUBJECT)],
        documents=documents,
        checked=checked,
        details={"family_id": str(target.pk), "warnings": warnings},
    )
    return resident
