# SPDX-License-Identifier: EUPL-1.2
"""Selectors: exact blind-index searches, audited reads, refusals, query counts."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied

import pytest

from balai.accounts.tests.factories import AgencyFactory, StaffFactory
from balai.core.errors import BalaiError, NotFound
from balai.registry.constants import ErrorCode, Sex
from balai.registry.selectors import (
    family_get,
    resident_get,
    resident_history,
    resident_search,
)
from balai.registry.services import data_correct
from balai.registry.tests.factories import couple, identity_agency, registered, verified
from balai.security.models import AuditEntry

PURPOSE = "verifying identity data"


def test_search_by_each_criterion(officer):
    husband, wife, family = couple(officer)
    assert resident_search(officer, nik=wife.nik, purpose=PURPOSE) == [wife]
    by_card = resident_search(officer, kk_number=family.kk_number, purpose=PURPOSE)
    assert {r.pk for r in by_card} == {husband.pk, wife.pk}
    by_name = resident_search(
        officer, name="siti  AMINAH", birth_date=dt.date(1991, 7, 3), purpose=PURPOSE
    )
    assert by_name == [wife]
    wrong_day = resident_search(
        officer, name="Siti Aminah", birth_date=dt.date(1991, 7, 4), purpose=PURPOSE
    )
    assert wrong_day == []
    entries = AuditEntry.objects.filter(action="person.search").order_by("id")
    assert [e.changes for e in entries] == [
        ["nik"],
        ["kk_number"],
        ["birth_date", "full_name"],
        ["birth_date", "full_name"],
    ]
    assert {e.purpose for e in entries} == {PURPOSE}
    assert not AuditEntry.objects.filter(action="person.read").exists()


def test_a_former_family_card_number_still_finds_its_members(officer):
    resident = registered(officer, full_name="Tono")
    first_card = resident.kk_number
    bride = registered(officer, full_name="Tini", sex=Sex.FEMALE)
    from balai.registry.services import marriage_register

    marriage_register(
        actor=officer, head=resident, spouse=bride, marriage_date=dt.date(2020, 1, 1)
    )
    found = resident_search(officer, kk_number=bride.kk_number, purpose=PURPOSE)
    assert [r.pk for r in found] == [bride.pk]  # her old single card
    assert resident_search(officer, kk_number=first_card, purpose=PURPOSE)


def test_titles_and_spelling_noise_do_not_hide_a_person(officer):
    resident = registered(officer, full_name="Dr. H. Ahmad  Sobari, S.H., M.Kn.")
    found = resident_search(
        officer, name="ahmad sobari", birth_date=resident.birth_date, purpose=PURPOSE
    )
    assert found == [resident]


@pytest.mark.parametrize(
    "criteria",
    [{}, {"name": "Budi"}, {"birth_date": dt.date(1990, 1, 1)}, {"nik": "123"}],
)
def test_incomplete_or_malformed_searches_are_refused(officer, criteria):
    with pytest.raises(BalaiError) as caught:
        resident_search(officer, purpose=PURPOSE, **criteria)
    assert caught.value.code == ErrorCode.INVALID_SEARCH
    assert not AuditEntry.objects.filter(action="person.search").exists()


def test_reads_need_a_purpose(officer):
    resident = registered(officer)
    with pytest.raises(BalaiError):
        resident_get(officer, resident.pk, purpose=" ")
    with pytest.raises(BalaiError):
        resident_search(officer, nik=resident.nik, purpose="")


def test_unknown_ids_are_not_found(officer):
    with pytest.raises(NotFound):
        resident_get(officer, "00000000-0000-0000-0000-000000000000", purpose=PURPOSE)
    with pytest.raises(NotFound):
        family_get(officer, "not-a-uuid", purpose=PURPOSE)


@pytest.mark.parametrize("who", ["other_agency", "unverified", "auditor"])
def test_only_register_staff_may_read(officer, who):
    resident = registered(officer)
    if who == "other_agency":
        user = verified(StaffFactory(agency=AgencyFactory(code="dinsos")))
    elif who == "auditor":
        user = verified(StaffFactory(agency=identity_agency(), roles=["auditor"]))
    else:
        user = StaffFactory(agency=identity_agency())
    for read in (
        lambda: resident_get(user, resident.pk, purpose=PURPOSE),
        lambda: resident_search(user, nik=resident.nik, purpose=PURPOSE),
        lambda: resident_history(user, resident.pk, purpose=PURPOSE),
    ):
        with pytest.raises(PermissionDenied):
            read()
    assert not AuditEntry.objects.filter(action__startswith="person.").exists()


def test_family_get_audits_each_member_once(officer):
    husband, wife, family = couple(officer)
    view = family_get(officer, family.pk, purpose=PURPOSE)
    assert [m.resident_id for m in view.members] == [husband.pk, wife.pk]
    subjects = AuditEntry.objects.filter(action="person.read").values_list(
        "subject_id", flat=True
    )
    assert sorted(subjects) == sorted([husband.pk, wife.pk])
    assert view.former == []


def test_search_query_count_does_not_grow_with_results(
    officer, django_assert_num_queries
):
    husband, wife, family = couple(officer)
    resident_search(officer, kk_number=family.kk_number, purpose=PURPOSE)  # warm up
    with django_assert_num_queries(3):  # audit append: id + insert, no head lock
        found = resident_search(officer, kk_number=family.kk_number, purpose=PURPOSE)
        [r.village for r in found]
    data_correct(actor=officer, resident=wife, changes={"occupation": "x"}, reason="r")
    with django_assert_num_queries(3):  # audit append: id + insert, no head lock
        resident_search(officer, kk_number=family.kk_number, purpose=PURPOSE)
    assert husband
