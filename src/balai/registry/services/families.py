# SPDX-License-Identifier: EUPL-1.2
"""Family cards within an event: open a card, move people on and off, reissue.

Rules of spec §1.2: a member leaving while the head stays keeps the card's number; a
family whose head leaves (dies, moves, marries away) gets a new card with a new
number and a new head (the head's spouse if present, else the eldest member). A card
nobody is left on is closed. Callers hold the transaction and the ``Changes``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone

from balai.registry.constants import EVENT_PURPOSE, SPOUSES, Relationship
from balai.registry.models import Family, FamilyMembership, Resident
from balai.registry.services.history import Changes
from balai.registry.services.inputs import full_clean
from balai.registry.services.nik_allocation import kk_allocate
from balai.security import audit

FAMILY_FIELDS = ["kk_number", "head", "address", "rt", "rw", "village", "issued_on"]


def district_for(village_id: str | None, fallback_nik: str | None) -> str:
    """Where a new card is issued: the village's district, else the NIK's prefix."""
    if village_id:
        return village_id[:8]
    digits = fallback_nik or ""
    return f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}"


def family_open(
    changes: Changes,
    *,
    head: Resident,
    address: str,
    rt: str,
    rw: str,
    village_id: str | None,
    district_code: str | None = None,
) -> Family:
    """A new card with a newly allocated number; ``head`` is put on it as head."""
    district = district_code or district_for(village_id, head.nik)
    family = Family(
        kk_number=kk_allocate(district_code=district, issued_on=timezone.localdate()),
        head=head,
        address=address,
        rt=rt,
        rw=rw,
        village_id=village_id,
        issued_on=timezone.localdate(),
    )
    full_clean(family)
    family.save(force_insert=True)
    membership_open(
        changes, family=family, resident=head, relationship=Relationship.HEAD
    )
    audit.record(
        actor=changes.actor,
        action="family.create",
        target=family,
        subject_id=head.pk,
        purpose=EVENT_PURPOSE,
        changes=FAMILY_FIELDS,
    )
    return family


def membership_open(
    changes: Changes, *, family: Family, resident: Resident, relationship: str
) -> FamilyMembership:
    membership = FamilyMembership(
        family=family,
        resident=resident,
        relationship=relationship,
        valid_from=changes.now,
    )
    full_clean(membership)
    membership.save(force_insert=True)
    changes.touch(resident)
    return membership


def membership_close(changes: Changes, resident: Resident) -> FamilyMembership | None:
    """End the resident's current membership (None when they are on no card)."""
    membership = (
        FamilyMembership.objects.select_related("family")
        .filter(resident_id=resident.pk, valid_to__isnull=True)
        .first()
    )
    if membership is not None:
        membership.valid_to = changes.now
        membership.save(update_fields=["valid_to", "updated_at"])
        changes.touch(resident)
    return membership


def current_members(family: Family) -> list[FamilyMembership]:
    return list(
        FamilyMembership.objects.select_related("resident")
        .filter(family_id=family.pk, valid_to__isnull=True)
        .order_by("valid_from", "pk")
    )


def _family_close(changes: Changes, family: Family) -> None:
    family.closed_at = changes.now
    family.save(update_fields=["closed_at", "updated_at"])
    audit.record(
        actor=changes.actor,
        action="family.close",
        target=family,
        subject_id=family.head_id,
        purpose=EVENT_PURPOSE,
        changes=["closed_at"],
    )


def _new_head(members: Sequence[FamilyMembership]) -> FamilyMembership:
    spouses = [m for m in members if m.relationship in SPOUSES]
    if spouses:
        return spouses[0]
    return min(members, key=lambda m: (m.resident.birth_date, str(m.resident_id)))


def _relationship_to(new_head: FamilyMembership, member: FamilyMembership) -> str:
    """Best effort: under the old head's spouse nothing changes; under someone else,
    the old head's spouse becomes a parent and everyone else another relative."""
    if new_head.relationship in SPOUSES:
        return member.relationship
    if member.relationship in SPOUSES:
        return Relationship.PARENT
    return Relationship.OTHER_RELATIVE


def family_after_departure(changes: Changes, family: Family) -> Family | None:
    """After members left ``family``: close it if empty, reissue it if the head left.

    Returns the family the remaining members are on (None when nobody is left).
    """
    members = current_members(family)
    if not members:
        _family_close(changes, family)
        return None
    if any(m.resident_id == family.head_id for m in members):
        return family
    head = _new_head(members)
    for member in members:
        membership_close(changes, member.resident)
    _family_close(changes, family)
    reissued = family_open(
        changes,
        head=head.resident,
        address=family.address,
        rt=family.rt,
        rw=family.rw,
        village_id=family.village_id,
    )
    for member in members:
        if member.pk != head.pk:
            membership_open(
                changes,
                family=reissued,
                resident=member.resident,
                relationship=_relationship_to(head, member),
            )
    return reissued


def families_after_departures(
    changes: Changes, families: Iterable[Family | None]
) -> None:
    """``family_after_departure`` for each distinct family left."""
    seen: set[Any] = set()
    for family in families:
        if family is not None and family.pk not in seen:
            seen.add(family.pk)
            family_after_departure(changes, family)
