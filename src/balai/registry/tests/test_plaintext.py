# SPDX-License-Identifier: EUPL-1.2
"""The register's plaintext scan: residents go in through the event services; the raw
database (SQLite file copy or pg_dump) holds none of their identifying data."""

from __future__ import annotations

import datetime as dt

import pytest

from balai.registry.constants import Sex
from balai.registry.models import Family, Resident, ResidentVersion
from balai.registry.services import birth_register, data_correct, first_registration
from balai.registry.tests.factories import address, person, register_officer
from balai.security.tests.test_crypto_plaintext_scan import (
    _database_bytes,
    _nik_spellings,
)

MOTHER = {
    "nik": "3273016403880002",
    "full_name": "Kartika Wulansari",
    "birth_date": dt.date(1988, 3, 24),
    "address": "Jalan Cigadung Rahasia 77",
    "birth_place": "Tasikmalaya",
}
CHILD_NAME = "Gemilang Mahardika"
REASON = "Koreksi sesuai akta Prasetyaningrum"


@pytest.mark.django_db(transaction=True)
def test_no_resident_data_in_plaintext_in_the_database(tmp_path, sample_regions):
    officer = register_officer()
    mother = first_registration(
        actor=officer,
        person=person(
            full_name=MOTHER["full_name"],
            birth_date=MOTHER["birth_date"],
            birth_place=MOTHER["birth_place"],
            sex=Sex.FEMALE,
        ),
        address=address(address=MOTHER["address"]),
        nik=MOTHER["nik"],
    )
    child = birth_register(
        actor=officer,
        mother=mother,
        child=person(
            full_name=CHILD_NAME, birth_date=dt.date(2021, 9, 14), birth_place=""
        ),
    )
    data_correct(
        actor=officer,
        resident=child,
        changes={"full_name": CHILD_NAME + " Putra"},
        reason=REASON,
    )
    # the data is there, readable through the application
    assert Resident.objects.get(pk=mother.pk).full_name == MOTHER["full_name"]
    assert ResidentVersion.objects.filter(resident=child).count() == 2
    kk_number = Family.objects.get().kk_number
    child.refresh_from_db()

    raw = _database_bytes(tmp_path)
    assert b"registry_resident" in raw and b"registry_residentversion" in raw
    needles = {
        *_nik_spellings(MOTHER["nik"]),
        *_nik_spellings(child.nik),
        kk_number,
        MOTHER["full_name"],
        *MOTHER["full_name"].split(),
        MOTHER["address"],
        "Cigadung Rahasia",
        MOTHER["birth_place"],
        MOTHER["birth_date"].isoformat(),
        "2021-09-14",
        CHILD_NAME,
        *CHILD_NAME.split(),
        "Prasetyaningrum",
        "kartika wulansari",  # the normalised name behind the blind indexes
    }
    haystack = raw.lower()
    found = sorted(n for n in needles if len(n) >= 6 and n.lower().encode() in haystack)
    assert found == [], f"plaintext personal data in the database: {found}"
