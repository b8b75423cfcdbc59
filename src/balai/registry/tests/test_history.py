# SPDX-License-Identifier: EUPL-1.2
"""Corrections and history: "what did the register know about this person on D"."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils import timezone

import pytest

from balai.accounts.tests.factories import UserFactory
from balai.core.errors import BalaiError, Conflict
from balai.registry.constants import ErrorCode, EventKind, ResidentStatus, Sex
from balai.registry.models import LifeEvent, ResidentVersion
from balai.registry.selectors import resident_as_of, resident_history
from balai.registry.services import data_correct, death_register
from balai.registry.services.history import version_as_of
from balai.registry.tests.factories import OTHER_VILLAGE, pdf, registered, verified
from balai.security.models import AuditEntry

PURPOSE = "handling a data correction"


def test_a_correction_makes_a_new_version_and_keeps_the_old_one(officer):
    resident = registered(officer, full_name="Ahmad Suryadi")
    before = timezone.now()
    corrected = data_correct(
        actor=officer,
        resident=resident,
        changes={"full_name": "  Achmad   Suryadi ", "village": OTHER_VILLAGE},
        reason="Ejaan nama sesuai akta kelahiran",
        documents=[pdf()],
        expected_version=1,
    )
    after = timezone.now()
    assert corrected.full_name == "Achmad Suryadi" and corrected.version == 2
    assert corrected.village_id == OTHER_VILLAGE
    assert version_as_of(resident.pk, before).data["full_name"] == "Ahmad Suryadi"
    assert version_as_of(resident.pk, after).data["full_name"] == "Achmad Suryadi"
    first, second = ResidentVersion.objects.filter(resident=resident).order_by(
        "version"
    )
    assert first.valid_to == second.valid_from
    assert second.caused_by.kind == EventKind.DATA_CORRECTION
    event = second.caused_by
    assert event.note == "Ejaan nama sesuai akta kelahiran"
    assert event.details["fields"] == ["full_name", "village_id"]
    entry = AuditEntry.objects.get(action="resident.correct")
    assert entry.changes == ["full_name", "version", "village_id"]
    assert entry.subject_id == resident.pk


def test_as_of_before_and_after_a_correction_through_the_selector(officer):
    resident = registered(officer, full_name="Dewi Lestari", sex=Sex.FEMALE)
    between = timezone.now()
    data_correct(
        actor=officer,
        resident=resident,
        changes={"full_name": "Dewi Lestari Putri"},
        reason="Nama lengkap",
    )
    old = resident_as_of(officer, resident.pk, between, purpose=PURPOSE)
    new = resident_as_of(officer, resident.pk, timezone.now(), purpose=PURPOSE)
    assert old.data["full_name"] == "Dewi Lestari" and old.version == 1
    assert new.data["full_name"] == "Dewi Lestari Putri" and new.version == 2
    long_ago = timezone.now() - dt.timedelta(days=365)
    assert resident_as_of(officer, resident.pk, long_ago, purpose=PURPOSE) is None
    reads = AuditEntry.objects.filter(action="person.read", subject_id=resident.pk)
    assert reads.count() == 3 and {e.purpose for e in reads} == {PURPOSE}


def test_history_lists_versions_with_their_events_and_changes(officer):
    resident = registered(officer, full_name="Rahmat")
    data_correct(
        actor=officer, resident=resident, changes={"occupation": "Guru"}, reason="x"
    )
    death_register(actor=officer, resident=resident, death_date=dt.date(2024, 1, 1))
    history = resident_history(officer, resident.pk, purpose=PURPOSE)
    kinds = [state.event.kind for state in history.states]
    assert kinds == [
        EventKind.DEATH,
        EventKind.DATA_CORRECTION,
        EventKind.FIRST_REGISTRATION,
    ]
    death, correction, first = history.states
    assert correction.changed == ["occupation"]
    assert set(death.changed) == {"status", "kk_number", "family_id", "relationship"}
    assert death.data["status"] == ResidentStatus.DECEASED and death.valid_to is None
    assert first.changed == [] and first.valid_to == correction.valid_from


@pytest.mark.parametrize(
    ("changes", "reason", "code"),
    [
        ({"full_name": "X"}, "", ErrorCode.REASON_REQUIRED),
        ({"nik": "3273011708900001"}, "r", ErrorCode.FIELD_NOT_CORRECTABLE),
        ({"status": "deceased"}, "r", ErrorCode.FIELD_NOT_CORRECTABLE),
        ({"full_name": "Budi Santoso"}, "r", ErrorCode.NO_CHANGES),
        ({"birth_date": dt.date(2999, 1, 1)}, "r", ErrorCode.FUTURE_DATE),
        ({"birth_date": "1990-01-01"}, "r", ErrorCode.INVALID_VALUE),
        ({"religion": "pastafarian"}, "r", ErrorCode.INVALID_VALUE),
        ({"rt": "12a"}, "r", ErrorCode.INVALID_VALUE),
        ({"village": "99.99.99.9999"}, "r", ErrorCode.UNKNOWN_REGION),
    ],
)
def test_invalid_corrections_are_refused_with_a_clear_code(
    officer, changes, reason, code
):
    resident = registered(officer)
    with pytest.raises(BalaiError) as caught:
        data_correct(actor=officer, resident=resident, changes=changes, reason=reason)
    assert caught.value.code == code
    resident.refresh_from_db()
    assert resident.version == 1 and not LifeEvent.objects.filter(
        kind="data_correction"
    )


def test_a_stale_version_is_a_conflict(officer):
    resident = registered(officer)
    data_correct(
        actor=officer, resident=resident, changes={"occupation": "Guru"}, reason="r"
    )
    with pytest.raises(Conflict):
        data_correct(
            actor=officer,
            resident=resident,
            changes={"occupation": "Dosen"},
            reason="r",
            expected_version=1,
        )


def test_a_birth_date_correction_keeps_the_nik_and_flags_the_mismatch(officer):
    resident = registered(officer, birth_date=dt.date(1990, 5, 12))
    nik = resident.nik
    data_correct(
        actor=officer,
        resident=resident,
        changes={"birth_date": dt.date(1990, 5, 21)},
        reason="Salah ketik",
    )
    resident.refresh_from_db()
    assert resident.nik == nik
    event = LifeEvent.objects.get(kind=EventKind.DATA_CORRECTION)
    assert event.details["warnings"] == ["birth_date_mismatch"]


def test_services_refuse_people_outside_the_register_staff(officer):
    resident = registered(officer)
    citizen = verified(UserFactory())  # even with a second factor, a citizen
    with pytest.raises(PermissionDenied):
        data_correct(
            actor=citizen, resident=resident, changes={"occupation": "x"}, reason="r"
        )
    with pytest.raises(PermissionDenied):
        death_register(actor=None, resident=resident, death_date=dt.date(2024, 1, 1))
