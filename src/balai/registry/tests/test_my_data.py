# SPDX-License-Identifier: EUPL-1.2
"""Data Saya: a citizen sees their own register record and who accessed it."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from balai.accounts.tests.factories import UserFactory
from balai.portal.data_sections import export_sections
from balai.registry.selectors import resident_for_citizen, resident_get
from balai.registry.tests.factories import registered

NIK = "3273011708900001"
BORN = dt.date(1990, 8, 17)


def test_a_citizen_whose_nik_and_birth_date_match_sees_their_record(officer, client):
    resident = registered(officer, nik=NIK, birth_date=BORN, full_name="Hendra Wijaya")
    resident_get(officer, resident.pk, purpose="verifying identity data")
    citizen = UserFactory(nik=NIK, birth_date=BORN)
    client.force_login(citizen, backend="balai.accounts.backends.LoginBackend")
    body = client.get(reverse("portal:my-data")).content.decode()
    assert "Hendra Wijaya" in body
    # the officer's read, with its purpose in the reader's language
    assert "memverifikasi data identitas" in body
    exported = export_sections(citizen)["register"]
    assert exported["data"]["nik"] == NIK
    assert exported["data"]["kk_number"] == resident.kk_number
    purposes = {item["purpose"] for item in exported["items"]}
    assert "verifying identity data" in purposes


def test_a_nik_alone_does_not_open_someone_elses_record(officer):
    registered(officer, nik=NIK, birth_date=BORN)
    stranger = UserFactory(nik=NIK, birth_date=dt.date(1990, 8, 18))
    assert resident_for_citizen(stranger) is None
    assert "register" not in export_sections(stranger)


def test_citizens_without_a_record_get_no_section(officer):
    assert "register" not in export_sections(UserFactory())
    assert resident_for_citizen(officer) is None  # staff accounts are never matched
