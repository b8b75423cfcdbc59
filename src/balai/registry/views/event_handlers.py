# SPDX-License-Identifier: EUPL-1.2
"""From a valid event form to one service call; each returns the resident to show.

NIKs typed into a form are resolved through ``selectors.resident_for_event``; an
unknown NIK is a BalaiError under the form's field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from balai.core.errors import BalaiError
from balai.registry import selectors, services
from balai.registry.constants import (
    ADDRESS_FIELDS,
    EVENT_PURPOSE,
    PERSON_FIELDS,
    ErrorCode,
    EventKind,
)
from balai.registry.models import Family, Resident
from balai.registry.services import AddressData, Arrival, PersonData

PERSON = PERSON_FIELDS


def _resident(actor: Any, nik: str, field: str) -> Resident:
    found = selectors.resident_for_event(actor, nik)
    if found is None:
        message = _("There is no resident with this NIK.")
        raise BalaiError(
            message, code=ErrorCode.NOT_FOUND, field_errors={field: [message]}
        )
    return found


def _subject(actor: Any, data: dict[str, Any]) -> Resident:
    if data.get("resident"):
        return selectors.resident_get(actor, data["resident"], purpose=EVENT_PURPOSE)
    return _resident(actor, data["nik"], "nik")


def _family(actor: Any, number: str) -> Family | None:
    if not number:
        return None
    found = selectors.family_for_event(actor, number)
    if found is None:
        message = _("There is no open family card with this number.")
        raise BalaiError(
            message, code=ErrorCode.NOT_FOUND, field_errors={"kk_number": [message]}
        )
    return found


def _person(data: dict[str, Any]) -> PersonData:
    values = {name: data.get(name) or "" for name in PERSON}
    values["birth_date"] = data["birth_date"]
    return PersonData(**values)


def _address(data: dict[str, Any]) -> AddressData | None:
    if not data.get("address"):
        return None
    return AddressData(
        data["address"],
        data.get("rt") or "",
        data.get("rw") or "",
        data.get("village_code"),
    )


def birth(actor: Any, data: dict[str, Any], files: list) -> Resident:
    mother = (
        _resident(actor, data["mother_nik"], "mother_nik")
        if data["mother_nik"]
        else None
    )
    father = (
        _resident(actor, data["father_nik"], "father_nik")
        if data["father_nik"]
        else None
    )
    child = PersonData(
        full_name=data["full_name"],
        birth_date=data["birth_date"],
        sex=data["sex"],
        birth_place=data["birth_place"],
        religion=data["religion"],
        blood_type=data["blood_type"],
    )
    return services.birth_register(
        actor=actor,
        child=child,
        mother=mother,
        father=father,
        documents=files,
        note=data["note"],
    )


def death(actor: Any, data: dict[str, Any], files: list) -> Resident:
    resident = _subject(actor, data)
    services.death_register(
        actor=actor,
        resident=resident,
        death_date=data["death_date"],
        documents=files,
        note=data["note"],
    )
    return resident


def move_out(actor: Any, data: dict[str, Any], files: list) -> Resident:
    movers = [_resident(actor, nik, "niks") for nik in data["niks"]]
    services.move_out_register(
        actor=actor,
        residents=movers,
        destination_code=data["destination_code"],
        move_date=data["move_date"],
        documents=files,
        note=data["note"],
    )
    return movers[0]


def move_in(actor: Any, data: dict[str, Any], files: list) -> Resident:
    person = _person(data) if data.get("full_name") else None
    arrival = Arrival(nik=data["nik"], relationship=data["relationship"], person=person)
    address = _address(data) or AddressData("", "", "", None)
    (resident,) = services.move_in_register(
        actor=actor,
        arrivals=[arrival],
        address=address,
        move_date=data["move_date"],
        origin_code=data["origin_code"] or None,
        family=_family(actor, data["kk_number"]),
        documents=files,
        note=data["note"],
    )
    return resident


def marriage(actor: Any, data: dict[str, Any], files: list) -> Resident:
    head = _resident(actor, data["head_nik"], "head_nik")
    spouse = _resident(actor, data["spouse_nik"], "spouse_nik")
    services.marriage_register(
        actor=actor,
        head=head,
        spouse=spouse,
        marriage_date=data["marriage_date"],
        address=_address(data),
        dispensation=data["dispensation"],
        documents=files,
        note=data["note"],
    )
    return head


def divorce(actor: Any, data: dict[str, Any], files: list) -> Resident:
    resident = _subject(actor, data)
    spouse = _resident(actor, data["spouse_nik"], "spouse_nik")
    taking = [_resident(actor, nik, "taking_niks") for nik in data["taking_niks"]]
    services.divorce_register(
        actor=actor,
        resident=resident,
        spouse=spouse,
        divorce_date=data["divorce_date"],
        taking=taking,
        documents=files,
        note=data["note"],
    )
    return resident


def correction(
    actor: Any, data: dict[str, Any], files: list, changed: list[str]
) -> Resident:
    resident = _subject(actor, data)
    wanted = {
        ("village" if name == "village_code" else name): data[name]
        for name in changed
        if name in (*PERSON, *ADDRESS_FIELDS, "village_code")
    }
    return services.data_correct(
        actor=actor,
        resident=resident,
        changes=wanted,
        reason=data["reason"],
        documents=files,
        expected_version=data.get("expected_version"),
    )


def first_registration(actor: Any, data: dict[str, Any], files: list) -> Resident:
    return services.first_registration(
        actor=actor,
        person=_person(data),
        address=_address(data),
        nik=data["nik"] or None,
        family=_family(actor, data["kk_number"]),
        relationship=data["relationship"],
        documents=files,
        note=data["note"],
    )


HANDLERS: dict[str, Callable[..., Resident]] = {
    EventKind.BIRTH: birth,
    EventKind.DEATH: death,
    EventKind.MOVE_OUT: move_out,
    EventKind.MOVE_IN: move_in,
    EventKind.MARRIAGE: marriage,
    EventKind.DIVORCE: divorce,
    EventKind.DATA_CORRECTION: correction,
    EventKind.FIRST_REGISTRATION: first_registration,
}
