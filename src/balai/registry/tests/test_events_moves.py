# SPDX-License-Identifier: EUPL-1.2
"""Moving out of and into the register's area."""

from __future__ import annotations

import datetime as dt

import pytest

from balai.core.errors import BalaiError
from balai.registry.constants import (
    ErrorCode,
    EventKind,
    MaritalStatus,
    Relationship,
    ResidentStatus,
    Sex,
)
from balai.registry.models import (
    Family,
    FamilyMembership,
    LifeEvent,
    Resident,
    ResidentVersion,
)
from balai.registry.services import (
    Arrival,
    birth_register,
    death_register,
    move_in_register,
    move_out_register,
)
from balai.registry.services.history import open_membership
from balai.registry.tests.factories import (
    OTHER_VILLAGE,
    address,
    couple,
    person,
    registered,
)


def _card(resident: Resident) -> FamilyMembership | None:
    return open_membership(resident)


def _versions(resident: Resident) -> list[int]:
    return list(
        ResidentVersion.objects.filter(resident=resident)
        .order_by("version")
        .values_list("version", flat=True)
    )


def test_a_member_moving_out_keeps_the_card_number(officer):
    husband, wife, family = couple(officer)
    child = birth_register(
        actor=officer,
        mother=wife,
        child=person(full_name="Dika", birth_date=dt.date(2000, 1, 1)),
    )
    move_out_register(
        actor=officer,
        residents=[child],
        destination_code="31.74",
        move_date=dt.date(2024, 3, 1),
    )
    child.refresh_from_db()
    assert child.status == ResidentStatus.MOVED_AWAY and _card(child) is None
    family.refresh_from_db()
    assert family.is_open and _card(husband).family == family
    event = LifeEvent.objects.get(kind=EventKind.MOVE_OUT)
    assert event.details == {"destination": "31.74"}
    with pytest.raises(BalaiError) as caught:
        move_out_register(
            actor=officer,
            residents=[child],
            destination_code="31.74",
            move_date=dt.date(2024, 3, 2),
        )
    assert caught.value.code == ErrorCode.NOT_ALIVE
    with pytest.raises(BalaiError) as caught:
        move_out_register(
            actor=officer,
            residents=[husband],
            destination_code="99.99",
            move_date=dt.date(2024, 3, 2),
        )
    assert caught.value.code == ErrorCode.UNKNOWN_REGION


def test_the_whole_family_moving_out_closes_the_card(officer):
    husband, wife, family = couple(officer)
    move_out_register(
        actor=officer,
        residents=[wife, husband],
        destination_code="31.74.07",
        move_date=dt.date(2024, 3, 1),
    )
    family.refresh_from_db()
    assert family.closed_at is not None
    assert Family.objects.filter(closed_at__isnull=True).count() == 0


def test_move_in_registers_newcomers_with_their_own_nik_on_a_new_card(officer):
    arrivals = [
        Arrival(
            nik="3174071203850003",
            relationship=Relationship.HEAD,
            person=person(full_name="Rudi Hartono", birth_date=dt.date(1985, 3, 12)),
        ),
        Arrival(
            nik="3174075506870002",
            relationship=Relationship.WIFE,
            person=person(
                full_name="Maya Sari",
                birth_date=dt.date(1987, 6, 15),
                sex=Sex.FEMALE,
                marital_status=MaritalStatus.MARRIED,
            ),
        ),
    ]
    rudi, maya = move_in_register(
        actor=officer,
        arrivals=arrivals,
        address=address(village_code=OTHER_VILLAGE),
        move_date=dt.date(2024, 7, 1),
        origin_code="31.74.07",
    )
    assert rudi.nik == "3174071203850003"  # the NIK keeps its first-registration prefix
    family = _card(rudi).family
    assert family.head_id == rudi.pk and family.kk_number.startswith("327301")
    assert (
        _card(maya).family == family and _card(maya).relationship == Relationship.WIFE
    )
    assert rudi.village_id == OTHER_VILLAGE
    event = LifeEvent.objects.get(kind=EventKind.MOVE_IN)
    assert event.details["origin"] == "31.74.07" and event.details["warnings"] == []


def test_a_returning_resident_is_alive_again(officer):
    resident = registered(officer)
    move_out_register(
        actor=officer,
        residents=[resident],
        destination_code="31.74",
        move_date=dt.date(2023, 1, 1),
    )
    (back,) = move_in_register(
        actor=officer,
        arrivals=[Arrival(nik=resident.nik, relationship=Relationship.HEAD)],
        address=address(address="Jl. Dago 1"),
        move_date=dt.date(2024, 1, 1),
    )
    assert back.pk == resident.pk and back.status == ResidentStatus.ALIVE
    assert (
        back.address == "Jl. Dago 1" and _card(back).relationship == Relationship.HEAD
    )


def test_move_in_refusals(officer):
    dead = registered(officer)
    death_register(actor=officer, resident=dead, death_date=dt.date(2024, 1, 1))
    cases = [
        (
            [Arrival(nik=dead.nik, relationship=Relationship.HEAD)],
            ErrorCode.ALREADY_DECEASED,
        ),
        (
            [Arrival(nik="3174071203850003", relationship=Relationship.HEAD)],
            ErrorCode.NOT_FOUND,
        ),
        ([Arrival(nik="12345", relationship=Relationship.HEAD)], ErrorCode.INVALID_NIK),
        (
            [
                Arrival(
                    nik="3174071203850003",
                    relationship=Relationship.CHILD,
                    person=person(),
                )
            ],
            ErrorCode.ONE_HEAD,
        ),
    ]
    for arrivals, code in cases:
        with pytest.raises(BalaiError) as caught:
            move_in_register(
                actor=officer,
                arrivals=arrivals,
                address=address(),
                move_date=dt.date(2024, 2, 1),
            )
        assert caught.value.code == code
