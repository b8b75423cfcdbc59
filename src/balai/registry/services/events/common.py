# SPDX-License-Identifier: EUPL-1.2
"""Helpers shared by the event services: locking, building residents, NIK checks."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from balai.core.errors import NotFound
from balai.regions.nik import ParsedNik, nik_matches
from balai.registry.constants import ErrorCode
from balai.registry.models import Resident, nik_q
from balai.registry.services.inputs import (
    AddressData,
    PersonData,
    fail,
    nik_or_error,
    village_or_none,
)


def lock(*residents: Resident) -> list[Resident]:
    """Fresh copies of ``residents``, row-locked in a stable order (no deadlocks)."""
    ids = [resident.pk for resident in residents]
    if len(set(ids)) != len(ids):
        raise fail(_("The same person is named twice."), ErrorCode.SAME_PERSON)
    rows = Resident.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    found = {row.pk: row for row in rows}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise NotFound(_("There is no such resident."), code=ErrorCode.NOT_FOUND)
    return [found[pk] for pk in ids]


def resident_by_nik(nik: str) -> Resident | None:
    return Resident.objects.select_for_update().filter(nik_q(nik)).first()


def entering_nik(nik: str, field: str = "nik") -> ParsedNik:
    """Validate a NIK that enters the register; it must not be in it yet."""
    parsed = nik_or_error(nik, field)
    if resident_by_nik(parsed.nik) is not None:
        raise fail(
            _("A resident with this NIK is already in the register."),
            ErrorCode.NIK_TAKEN,
            field,
        )
    return parsed


def nik_warnings(parsed: ParsedNik, person: PersonData) -> list[str]:
    """Codes (never values) for staff review: region and birth date/sex mismatches."""
    return sorted(
        {*parsed.warnings, *nik_matches(parsed, person.birth_date, person.sex)}
    )


def resident_build(
    person: PersonData, address: AddressData, *, nik: str, **extra: Any
) -> Resident:
    """An unsaved resident from the officer's input (validated when added)."""
    village = village_or_none(address.village_code)
    return Resident(
        nik=nik,
        address=(address.address or "").strip(),
        rt=(address.rt or "").strip(),
        rw=(address.rw or "").strip(),
        village=village,
        **{**person.attributes(), **extra},
    )


def address_apply(resident: Resident, address: AddressData) -> list[str]:
    """Set the resident's address; the names of the fields that changed."""
    village = village_or_none(address.village_code)
    new = {
        "address": (address.address or "").strip(),
        "rt": (address.rt or "").strip(),
        "rw": (address.rw or "").strip(),
        "village_id": village.pk if village else None,
    }
    changed = [name for name, value in new.items() if getattr(resident, name) != value]
    for name in changed:
        setattr(resident, name, new[name])
    return changed
