# SPDX-License-Identifier: EUPL-1.2
"""Marriage and divorce: couples form or leave a family card."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from balai.registry import policies
from balai.registry.constants import (
    MARRIAGE_MIN_AGE,
    SPOUSES,
    ErrorCode,
    EventKind,
    MaritalStatus,
    ParticipantRole,
    Relationship,
    Sex,
)
from balai.registry.models import Family, LifeEvent, Resident
from balai.registry.services.documents import (
    documents_check,
    event_finish,
    event_start,
)
from balai.registry.services.events.common import address_apply, lock
from balai.registry.services.families import (
    families_after_departures,
    family_open,
    membership_close,
    membership_open,
)
from balai.registry.services.history import Changes, open_membership
from balai.registry.services.inputs import (
    AddressData,
    ensure_alive,
    ensure_not_before_birth,
    ensure_not_future,
    fail,
)


def _age_on(resident: Resident, day: dt.date) -> int:
    born = resident.birth_date
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _spouse_relationship(resident: Resident) -> str:
    return Relationship.WIFE if resident.sex == Sex.FEMALE else Relationship.HUSBAND


def _check_couple(
    couple: Sequence[tuple[Resident, str]], day: dt.date, dispensation: bool
) -> None:
    for person, field in couple:
        ensure_alive(person, field)
        ensure_not_before_birth(day, person, "marriage_date")
        if person.marital_status == MaritalStatus.MARRIED:
            raise fail(
                _("This person is already married."), ErrorCode.ALREADY_MARRIED, field
            )
        if not dispensation and _age_on(person, day) < MARRIAGE_MIN_AGE:
            raise fail(
                _("Both spouses must be at least 19 (or have a court dispensation)."),
                ErrorCode.UNDER_MARRIAGE_AGE,
                field,
            )


@transaction.atomic
def marriage_register(
    *,
    actor: Any,
    head: Resident,
    spouse: Resident,
    marriage_date: dt.date,
    address: AddressData | None = None,
    dispensation: bool = False,
    documents: Sequence[UploadedFile] = (),
    note: str = "",
) -> Family:
    """Record a marriage: both become married; the spouse joins the head's card when
    the head already heads one, else the couple get a new card with a new KK number
    (at ``address``, by default the head's). Cards they leave are closed or reissued.
    """
    policies.ensure_can_record_event(actor)
    checked = documents_check(documents)
    ensure_not_future(marriage_date, "marriage_date")
    head, spouse = lock(head, spouse)
    _check_couple([(head, "head"), (spouse, "spouse")], marriage_date, dispensation)
    event = event_start(
        kind=EventKind.MARRIAGE, event_date=marriage_date, actor=actor, note=note
    )
    changes = Changes(event=event, actor=actor)
    current = open_membership(head)
    keeps_card = current is not None and current.relationship == Relationship.HEAD
    left = [membership_close(changes, spouse)]
    if keeps_card:
        family = current.family  # type: ignore[union-attr]
    else:
        left.append(membership_close(changes, head))
        if address is not None:
            changes.touch(head, *address_apply(head, address))
        family = family_open(
            changes,
            head=head,
            address=head.address,
            rt=head.rt,
            rw=head.rw,
            village_id=head.village_id,
        )
    family_address = AddressData(
        family.address, family.rt, family.rw, family.village_id
    )
    changes.touch(spouse, *address_apply(spouse, family_address))
    membership_open(
        changes,
        family=family,
        resident=spouse,
        relationship=_spouse_relationship(spouse),
    )
    families_after_departures(changes, [m.family if m else None for m in left])
    for person in (head, spouse):
        person.marital_status = MaritalStatus.MARRIED
        changes.touch(person, "marital_status")
    changes.flush("resident.register_marriage")
    event_finish(
        event,
        participants=[
            (head, ParticipantRole.SUBJECT),
            (spouse, ParticipantRole.SPOUSE),
        ],
        documents=documents,
        checked=checked,
        details={"family_id": str(family.pk), "new_card": not keeps_card},
    )
    return family


def _married_couple(a: Resident, b: Resident) -> tuple[Family, Resident]:
    """Their shared family and which of the two heads it; BalaiError otherwise."""
    first, second = open_membership(a), open_membership(b)
    same = (
        first is not None and second is not None and first.family_id == second.family_id
    )
    roles = {first.relationship, second.relationship} if same else set()  # type: ignore[union-attr]
    married = all(p.marital_status == MaritalStatus.MARRIED for p in (a, b))
    if not (same and married and Relationship.HEAD in roles and roles & SPOUSES):
        raise fail(
            _("These two people are not recorded as a married couple."),
            ErrorCode.NOT_MARRIED_TO_EACH_OTHER,
            "spouse",
        )
    head = a if first.relationship == Relationship.HEAD else b  # type: ignore[union-attr]
    return first.family, head  # type: ignore[union-attr]


@transaction.atomic
def divorce_register(
    *,
    actor: Any,
    resident: Resident,
    spouse: Resident,
    divorce_date: dt.date,
    leaving: Resident | None = None,
    taking: Sequence[Resident] = (),
    address: AddressData | None = None,
    documents: Sequence[UploadedFile] = (),
    note: str = "",
) -> LifeEvent:
    """Record a divorce: both become divorced; the leaving spouse (by default the one
    who is not head) gets a new card with ``taking`` members, at ``address`` or the
    old one; the card left behind is reissued if its head left."""
    policies.ensure_can_record_event(actor)
    checked = documents_check(documents)
    ensure_not_future(divorce_date, "divorce_date")
    resident, spouse, *others = lock(resident, spouse, *taking)
    for person, field in ((resident, "resident"), (spouse, "spouse")):
        ensure_alive(person, field)
        ensure_not_before_birth(divorce_date, person, "divorce_date")
    family, head = _married_couple(resident, spouse)
    leaver = spouse if head.pk == resident.pk else resident
    if leaving is not None:
        leaver = resident if leaving.pk == resident.pk else spouse
    for other in others:
        membership = open_membership(other)
        if membership is None or membership.family_id != family.pk:
            raise fail(
                _("Only members of the couple's family card can go with the spouse."),
                ErrorCode.INVALID_RELATIONSHIP,
                "taking",
            )
    event = event_start(
        kind=EventKind.DIVORCE, event_date=divorce_date, actor=actor, note=note
    )
    changes = Changes(event=event, actor=actor)
    kept = {m.resident_id: m.relationship for m in map(open_membership, others) if m}
    for person in (leaver, *others):
        membership_close(changes, person)
        if address is not None:
            changes.touch(person, *address_apply(person, address))
    new_family = family_open(
        changes,
        head=leaver,
        address=leaver.address,
        rt=leaver.rt,
        rw=leaver.rw,
        village_id=leaver.village_id,
    )
    for other in others:
        membership_open(
            changes,
            family=new_family,
            resident=other,
            relationship=kept.get(other.pk, Relationship.CHILD),
        )
    families_after_departures(changes, [family])
    for person in (resident, spouse):
        person.marital_status = MaritalStatus.DIVORCED
        changes.touch(person, "marital_status")
    changes.flush("resident.register_divorce")
    event_finish(
        event,
        participants=[
            (resident, ParticipantRole.SUBJECT),
            (spouse, ParticipantRole.SPOUSE),
            *((other, ParticipantRole.FAMILY_MEMBER) for other in others),
        ],
        documents=documents,
        checked=checked,
        details={"family_id": str(new_family.pk)},
    )
    return event
