# SPDX-License-Identifier: EUPL-1.2
"""Moving out of and into the register's area (SKPWNI and arrival, spec §2.7)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from balai.registry import policies
from balai.registry.constants import (
    ErrorCode,
    EventKind,
    ParticipantRole,
    Relationship,
    ResidentStatus,
)
from balai.registry.models import Family, LifeEvent, Resident
from balai.registry.services.documents import (
    documents_check,
    event_finish,
    event_start,
)
from balai.registry.services.events.common import (
    address_apply,
    lock,
    nik_warnings,
    resident_build,
    resident_by_nik,
)
from balai.registry.services.families import (
    families_after_departures,
    family_open,
    membership_close,
    membership_open,
)
from balai.registry.services.history import Changes
from balai.registry.services.inputs import (
    AddressData,
    Arrival,
    ensure_alive,
    ensure_not_before_birth,
    ensure_not_future,
    fail,
    nik_or_error,
    region_or_error,
    village_or_none,
)


@transaction.atomic
def move_out_register(
    *,
    actor: Any,
    residents: Sequence[Resident],
    destination_code: str,
    move_date: dt.date,
    documents: Sequence[UploadedFile] = (),
    note: str = "",
) -> LifeEvent:
    """Record people leaving the area: status moved away, off their family cards
    (a card whose head left is reissued to those staying), versions and audit."""
    policies.ensure_can_record_event(actor)
    checked = documents_check(documents)
    if not residents:
        raise fail(_("Name at least one person."), ErrorCode.NOT_FOUND, "residents")
    destination = region_or_error(destination_code, "destination_code")
    ensure_not_future(move_date, "move_date")
    movers = lock(*residents)
    for mover in movers:
        ensure_alive(mover, "residents")
        ensure_not_before_birth(move_date, mover, "move_date")
    event = event_start(
        kind=EventKind.MOVE_OUT,
        event_date=move_date,
        actor=actor,
        note=note,
        details={"destination": destination.code},
    )
    changes = Changes(event=event, actor=actor)
    left = []
    for mover in movers:
        membership = membership_close(changes, mover)
        left.append(membership.family if membership else None)
        mover.status = ResidentStatus.MOVED_AWAY
        changes.touch(mover, "status")
    families_after_departures(changes, left)
    changes.flush("resident.register_move_out")
    event_finish(
        event,
        participants=[(m, ParticipantRole.SUBJECT) for m in movers],
        documents=documents,
        checked=checked,
    )
    return event


def _arrive(
    changes: Changes, arrival: Arrival, address: AddressData, field: str
) -> tuple[Resident, list[str], Family | None]:
    """The arriving resident (new, returning or moving within the area)."""
    parsed = nik_or_error(arrival.nik, field)
    existing = resident_by_nik(parsed.nik)
    if existing is None:
        if arrival.person is None:
            raise fail(
                _("This NIK is not in the register: enter the person's data."),
                ErrorCode.NOT_FOUND,
                field,
            )
        ensure_not_future(arrival.person.birth_date, "birth_date")
        resident = resident_build(arrival.person, address, nik=parsed.nik)
        return changes.add_new(resident), nik_warnings(parsed, arrival.person), None
    if existing.status == ResidentStatus.DECEASED:
        ensure_alive(existing, field)
    left = membership_close(changes, existing)
    if existing.status == ResidentStatus.MOVED_AWAY:
        existing.status = ResidentStatus.ALIVE
        changes.touch(existing, "status")
    changes.touch(existing, *address_apply(existing, address))
    return existing, [], left.family if left else None


def _placement(family: Family | None, arrivals: Sequence[Arrival]) -> Family | None:
    heads = [a for a in arrivals if a.relationship == Relationship.HEAD]
    if family is not None:
        if not family.is_open:
            raise fail(
                _("This family card is closed."), ErrorCode.FAMILY_CLOSED, "family"
            )
        if heads:
            raise fail(
                _("The family already has a head."), ErrorCode.ONE_HEAD, "relationship"
            )
        return Family.objects.select_for_update().get(pk=family.pk)
    if len(heads) != 1:
        raise fail(
            _("A new family needs exactly one head of family."),
            ErrorCode.ONE_HEAD,
            "relationship",
        )
    return None


@transaction.atomic
def move_in_register(
    *,
    actor: Any,
    arrivals: Sequence[Arrival],
    address: AddressData,
    move_date: dt.date,
    origin_code: str | None = None,
    family: Family | None = None,
    documents: Sequence[UploadedFile] = (),
    note: str = "",
) -> list[Resident]:
    """Record people arriving at ``address``: newcomers are registered with their
    NIK (validated), returning or moving residents are updated; they join ``family``
    or a new family card headed by the arrival marked head of family."""
    policies.ensure_can_record_event(actor)
    checked = documents_check(documents)
    if not arrivals:
        raise fail(_("Name at least one person."), ErrorCode.NOT_FOUND, "nik")
    ensure_not_future(move_date, "move_date")
    origin = region_or_error(origin_code, "origin_code") if origin_code else None
    village_or_none(address.village_code)
    target = _placement(family, arrivals)
    if target is not None and not (address.address or "").strip():
        address = AddressData(target.address, target.rt, target.rw, target.village_id)
    event = event_start(
        kind=EventKind.MOVE_IN,
        event_date=move_date,
        actor=actor,
        note=note,
        details={"origin": origin.code if origin else None},
    )
    changes = Changes(event=event, actor=actor)
    arrived: list[tuple[Resident, Arrival]] = []
    warnings: set[str] = set()
    left: list[Family | None] = []
    for index, arrival in enumerate(arrivals):
        field = "nik" if len(arrivals) == 1 else f"arrivals.{index}.nik"
        resident, found, old_family = _arrive(changes, arrival, address, field)
        ensure_not_before_birth(move_date, resident, "move_date")
        warnings.update(found)
        left.append(old_family)
        arrived.append((resident, arrival))
    if len({r.pk for r, _a in arrived}) != len(arrived):
        raise fail(_("The same person is named twice."), ErrorCode.SAME_PERSON)
    families_after_departures(changes, left)
    if target is None:
        head = next(r for r, a in arrived if a.relationship == Relationship.HEAD)
        target = family_open(
            changes,
            head=head,
            address=head.address,
            rt=head.rt,
            rw=head.rw,
            village_id=head.village_id,
        )
    for resident, arrival in arrived:
        if arrival.relationship != Relationship.HEAD:
            membership_open(
                changes,
                family=target,
                resident=resident,
                relationship=arrival.relationship,
            )
    changes.flush("resident.register_move_in")
    event_finish(
        event,
        participants=[(r, ParticipantRole.SUBJECT) for r, _a in arrived],
        documents=documents,
        checked=checked,
        details={"family_id": str(target.pk), "warnings": sorted(warnings)},
    )
    return [r for r, _a in arrived]
