# SPDX-License-Identifier: EUPL-1.2
"""``Resident.nik_province``, the province code of the NIK's region (the key the
register is partitioned by on PostgreSQL): set from the NIK by every write path
(services, bulk seeding, ``bulk_update``), never stale, filled for older rows by
``balai registry nik-provinces``; NIK look-ups name it. Both databases."""

from __future__ import annotations

from django.core.management import call_command

import pytest

from balai.core.seeding import make_context
from balai.registry.models import Resident, nik_province, nik_q, niks_q
from balai.registry.seed import seed_register
from balai.registry.services.nik_province import nik_provinces_fill
from balai.registry.tests.factories import registered

JAKARTA_NIK = "3174071205900001"  # Kebayoran Baru, born 12-05-1990, male


def _stored(pk: object) -> str:
    return Resident.objects.filter(pk=pk).values_list("nik_province", flat=True).get()


@pytest.mark.parametrize(
    ("nik", "province"),
    [
        ("3273011205900001", "32"),
        ("31 7407 120590 0001", "31"),
        ("9", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_the_province_is_the_nik_s_first_two_digits(nik, province):
    assert nik_province(nik) == province


def test_registration_stores_the_province_of_the_nik(officer):
    allocated = registered(officer)  # a NIK allocated in Kota Bandung (32.73)
    typed = registered(officer, full_name="Andi Wijaya", nik=JAKARTA_NIK)
    assert _stored(allocated.pk) == "32" == allocated.nik[:2]
    assert _stored(typed.pk) == "31"
    assert Resident.objects.get(nik_q(JAKARTA_NIK)) == typed
    assert set(Resident.objects.filter(niks_q([JAKARTA_NIK, allocated.nik]))) == {
        typed,
        allocated,
    }
    # the province alone with another NIK's index finds nobody
    assert not Resident.objects.filter(nik_q(allocated.nik), nik_province="31").exists()


def test_saving_the_nik_alone_also_saves_its_province(officer):
    resident = registered(officer)
    resident.nik = JAKARTA_NIK
    resident.save(update_fields=["nik"])
    assert _stored(resident.pk) == "31"
    assert Resident.objects.get(nik_q(JAKARTA_NIK)) == resident


def test_bulk_seeding_sets_the_province(db, sample_regions):
    seed_register(
        make_context(residents=40, seed=3, write=lambda line: None, progress=False)
    )
    rows = list(Resident.objects.all())
    assert len(rows) == 40
    for row in rows:
        assert _stored(row.pk) == row.nik[:2] != ""


def test_older_rows_are_filled_in_batches(officer, capsys):
    people = [
        registered(officer, full_name=name)
        for name in ("Budi Santoso", "Dewi Lestari", "Rudi Hartono")
    ]
    people.append(registered(officer, full_name="Andi Wijaya", nik=JAKARTA_NIK))
    # as written before the column existed
    Resident.objects.update(nik_province="")
    assert not Resident.objects.filter(nik_q(JAKARTA_NIK)).exists()
    assert nik_provinces_fill(batch_size=3) == 4
    assert [_stored(p.pk) for p in people] == ["32", "32", "32", "31"]
    assert nik_provinces_fill() == 0  # nothing left to do
    Resident.objects.filter(pk=people[0].pk).update(nik_province="")
    call_command("registry", "nik-provinces", "--batch-size", "2")
    assert "1 residents given the province of their NIK." in capsys.readouterr().out
    assert _stored(people[0].pk) == "32"
