# SPDX-License-Identifier: EUPL-1.2
"""Marriage and divorce, and the one-card-at-a-time invariant."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

import pytest

from balai.core.errors import BalaiError
from balai.registry.constants import (
    ErrorCode,
    EventKind,
    MaritalStatus,
    Relationship,
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
    birth_register,
    divorce_register,
    marriage_register,
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


def test_marriage_of_two_children_gives_the_couple_a_new_family_card(officer):
    father = registered(officer, full_name="Hadi", birth_date=dt.date(1960, 1, 1))
    mother = registered(
        officer, full_name="Sri", birth_date=dt.date(1962, 1, 1), sex=Sex.FEMALE
    )
    his_family = _card(father).family
    her_family = _card(mother).family
    groom = registered(
        officer, family=his_family, full_name="Andi", birth_date=dt.date(1990, 2, 2)
    )
    bride = registered(
        officer,
        family=her_family,
        full_name="Ayu",
        birth_date=dt.date(1992, 3, 3),
        sex=Sex.FEMALE,
    )
    family = marriage_register(
        actor=officer,
        head=groom,
        spouse=bride,
        marriage_date=dt.date(2016, 6, 6),
        address=address(address="Jl. Cihampelas 7", village_code=OTHER_VILLAGE),
    )
    groom.refresh_from_db()
    bride.refresh_from_db()
    assert family.pk not in (his_family.pk, her_family.pk)
    assert family.head_id == groom.pk and family.village_id == OTHER_VILLAGE
    assert _card(bride).relationship == Relationship.WIFE
    assert groom.kk_number == bride.kk_number == family.kk_number
    assert groom.marital_status == bride.marital_status == MaritalStatus.MARRIED
    assert bride.address == groom.address == "Jl. Cihampelas 7"
    # the parents' cards keep their heads and numbers
    for parents in (his_family, her_family):
        parents.refresh_from_db()
        assert parents.is_open
    father.refresh_from_db()
    assert father.kk_number == his_family.kk_number
    assert LifeEvent.objects.get(kind=EventKind.MARRIAGE).details["new_card"] is True


def test_marriage_to_a_head_of_family_keeps_his_card(officer):
    husband, wife, family = couple(officer)
    assert family.head_id == husband.pk
    assert _card(wife).relationship == Relationship.WIFE
    assert husband.kk_number == wife.kk_number == family.kk_number
    assert husband.marital_status == wife.marital_status == MaritalStatus.MARRIED
    closed = Family.objects.exclude(pk=family.pk).get()  # the bride's own card
    assert closed.closed_at is not None
    assert wife.address == husband.address
    assert LifeEvent.objects.get(kind=EventKind.MARRIAGE).details["new_card"] is False


def test_marriage_refusals(officer):
    husband, _wife, _family = couple(officer)
    single = registered(officer, full_name="Lina", sex=Sex.FEMALE)
    with pytest.raises(BalaiError) as married:
        marriage_register(
            actor=officer,
            head=husband,
            spouse=single,
            marriage_date=dt.date(2020, 1, 1),
        )
    assert married.value.code == ErrorCode.ALREADY_MARRIED
    young = registered(officer, full_name="Adi", birth_date=dt.date(2010, 1, 1))
    with pytest.raises(BalaiError) as age:
        marriage_register(
            actor=officer, head=young, spouse=single, marriage_date=dt.date(2024, 1, 1)
        )
    assert age.value.code == ErrorCode.UNDER_MARRIAGE_AGE
    with pytest.raises(BalaiError) as same:
        marriage_register(
            actor=officer, head=single, spouse=single, marriage_date=dt.date(2024, 1, 1)
        )
    assert same.value.code == ErrorCode.SAME_PERSON


def test_divorce_gives_the_leaving_spouse_a_new_card_with_the_children_taken(officer):
    husband, wife, family = couple(officer)
    child = birth_register(
        actor=officer,
        mother=wife,
        child=person(full_name="Nina", birth_date=dt.date(2017, 1, 9)),
    )
    divorce_register(
        actor=officer,
        resident=husband,
        spouse=wife,
        divorce_date=dt.date(2024, 8, 1),
        taking=[child],
    )
    for person_ in (husband, wife, child):
        person_.refresh_from_db()
    assert husband.marital_status == wife.marital_status == MaritalStatus.DIVORCED
    new = _card(wife).family
    assert new.head_id == wife.pk and new.pk != family.pk
    assert (
        _card(child).family == new and _card(child).relationship == Relationship.CHILD
    )
    assert _card(husband).family == family and family.kk_number == husband.kk_number
    with pytest.raises(BalaiError) as caught:
        divorce_register(
            actor=officer,
            resident=husband,
            spouse=wife,
            divorce_date=dt.date(2024, 8, 2),
        )
    assert caught.value.code == ErrorCode.NOT_MARRIED_TO_EACH_OTHER


def test_one_open_family_membership_per_person_is_enforced_by_the_database(officer):
    from django.db import IntegrityError, transaction

    head = registered(officer)
    other = registered(officer, full_name="Joko")
    with pytest.raises(IntegrityError), transaction.atomic():
        FamilyMembership.objects.create(
            family=_card(other).family,
            resident=head,
            relationship=Relationship.OTHER,
            valid_from=timezone.now(),
        )
    assert (
        FamilyMembership.objects.filter(resident=head, valid_to__isnull=True).count()
        == 1
    )
