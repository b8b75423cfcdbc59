# SPDX-License-Identifier: EUPL-1.2
"""Event services about people: first registration, birth and death."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

import pytest

from balai.core.errors import BalaiError
from balai.regions.nik import parse_nik
from balai.registry.constants import (
    ErrorCode,
    EventKind,
    MaritalStatus,
    ParticipantRole,
    Relationship,
    ResidentStatus,
    Sex,
)
from balai.registry.models import (
    FamilyMembership,
    LifeEvent,
    Resident,
    ResidentVersion,
)
from balai.registry.services import (
    birth_register,
    death_register,
)
from balai.registry.services.history import open_membership
from balai.registry.tests.factories import (
    couple,
    not_pdf,
    pdf,
    person,
    registered,
)
from balai.security.models import AuditEntry


def _card(resident: Resident) -> FamilyMembership | None:
    return open_membership(resident)


def _versions(resident: Resident) -> list[int]:
    return list(
        ResidentVersion.objects.filter(resident=resident)
        .order_by("version")
        .values_list("version", flat=True)
    )


def test_first_registration_allocates_a_nik_and_opens_a_family(officer):
    resident = registered(officer)
    assert parse_nik(resident.nik).district_code == "32.73.01"
    membership = _card(resident)
    assert membership.relationship == Relationship.HEAD
    assert membership.family.head_id == resident.pk
    assert resident.kk_number == membership.family.kk_number
    assert resident.kk_number.startswith("327301")
    assert _versions(resident) == [1]
    event = LifeEvent.objects.get()
    assert event.kind == EventKind.FIRST_REGISTRATION
    entry = AuditEntry.objects.get(action="resident.register_first")
    assert entry.subject_id == resident.pk and "full_name" in entry.changes
    assert AuditEntry.objects.filter(action="family.create").count() == 1


def test_first_registration_with_a_nik_validates_it(officer):
    resident = registered(
        officer, nik="3273-0117-0890-0005", birth_date=dt.date(1990, 8, 17)
    )
    assert resident.nik == "3273011708900005"
    with pytest.raises(BalaiError) as taken:
        registered(officer, nik="3273011708900005")
    assert taken.value.code == ErrorCode.NIK_TAKEN
    with pytest.raises(BalaiError) as invalid:
        registered(officer, nik="3273019908900001")
    assert invalid.value.code == ErrorCode.INVALID_NIK
    assert "nik" in invalid.value.field_errors


def test_nik_mismatch_is_a_warning_for_staff_not_a_rejection(officer):
    registered(officer, nik="3273011708900001", birth_date=dt.date(1991, 1, 1))
    event = LifeEvent.objects.get()
    assert event.details["warnings"] == ["birth_date_mismatch"]


def test_first_registration_joins_an_existing_family(officer):
    head = registered(officer)
    family = _card(head).family
    child = registered(
        officer, family=family, full_name="Rani", birth_date=dt.date(2012, 3, 4)
    )
    assert _card(child).family == family
    assert child.kk_number == head.kk_number
    with pytest.raises(BalaiError) as caught:
        registered(officer, family=family, relationship=Relationship.HEAD)
    assert caught.value.code == ErrorCode.ONE_HEAD


def test_birth_adds_a_child_with_a_new_nik_to_the_mothers_card(officer):
    husband, wife, family = couple(officer)
    child = birth_register(
        actor=officer,
        mother=wife,
        father=husband,
        child=person(
            full_name="Putri Ayu",
            birth_date=dt.date(2020, 2, 29),
            sex=Sex.FEMALE,
            religion="",
        ),
        documents=[pdf()],
    )
    parsed = parse_nik(child.nik)
    assert parsed.sex == "F" and parsed.birth_day == 29 and parsed.birth_month == 2
    assert child.nik[6:8] == "69"
    membership = _card(child)
    assert membership.family == family and membership.relationship == Relationship.CHILD
    assert (
        child.religion == wife.religion and child.marital_status == MaritalStatus.SINGLE
    )
    assert child.address == family.address and child.kk_number == family.kk_number
    event = LifeEvent.objects.get(kind=EventKind.BIRTH)
    roles = dict(event.participants.values_list("resident_id", "role"))
    assert roles == {
        child.pk: ParticipantRole.SUBJECT,
        wife.pk: ParticipantRole.MOTHER,
        husband.pk: ParticipantRole.FATHER,
    }
    assert event.documents.get().kind == "pdf"


def test_birth_refusals(officer):
    _husband, wife, _family = couple(officer)
    future = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(BalaiError) as caught:
        birth_register(actor=officer, mother=wife, child=person(birth_date=future))
    assert caught.value.code == ErrorCode.FUTURE_DATE
    with pytest.raises(BalaiError) as caught:
        birth_register(actor=officer, child=person(birth_date=dt.date(2020, 1, 1)))
    assert caught.value.code == ErrorCode.NO_PARENT
    with pytest.raises(BalaiError) as caught:
        birth_register(
            actor=officer, mother=wife, child=person(birth_date=dt.date(1980, 1, 1))
        )
    assert caught.value.code == ErrorCode.DATE_BEFORE_BIRTH
    with pytest.raises(BalaiError) as caught:
        birth_register(
            actor=officer,
            mother=wife,
            child=person(birth_date=dt.date(2020, 1, 1)),
            documents=[not_pdf()],
        )
    assert caught.value.code == "upload_wrong_type"
    assert Resident.objects.count() == 2


def test_death_of_the_head_widows_the_wife_and_reissues_the_card(officer):
    husband, wife, family = couple(officer)
    child = birth_register(
        actor=officer,
        mother=wife,
        child=person(full_name="Bayu", birth_date=dt.date(2018, 4, 1)),
    )
    death_register(actor=officer, resident=husband, death_date=dt.date(2024, 5, 1))
    husband.refresh_from_db()
    wife.refresh_from_db()
    child.refresh_from_db()
    assert husband.status == ResidentStatus.DECEASED and husband.kk_number is None
    assert _card(husband) is None
    assert wife.marital_status == MaritalStatus.WIDOWED
    family.refresh_from_db()
    assert family.closed_at is not None
    reissued = _card(wife).family
    assert reissued.pk != family.pk and reissued.kk_number != family.kk_number
    assert reissued.head_id == wife.pk and _card(wife).relationship == Relationship.HEAD
    assert (
        _card(child).family == reissued
        and _card(child).relationship == Relationship.CHILD
    )
    assert wife.kk_number == child.kk_number == reissued.kk_number
    # one new version per person changed by the event
    assert _versions(wife)[-1] == wife.version
    assert (
        ResidentVersion.objects.filter(
            resident=wife, caused_by__kind=EventKind.DEATH
        ).count()
        == 1
    )


def test_death_refusals(officer):
    resident = registered(officer)
    with pytest.raises(BalaiError) as caught:
        death_register(actor=officer, resident=resident, death_date=dt.date(1980, 1, 1))
    assert caught.value.code == ErrorCode.DATE_BEFORE_BIRTH
    future = timezone.localdate() + dt.timedelta(days=3)
    with pytest.raises(BalaiError) as caught:
        death_register(actor=officer, resident=resident, death_date=future)
    assert caught.value.code == ErrorCode.FUTURE_DATE
    death_register(actor=officer, resident=resident, death_date=dt.date(2024, 1, 1))
    with pytest.raises(BalaiError) as caught:
        death_register(actor=officer, resident=resident, death_date=dt.date(2024, 1, 2))
    assert caught.value.code == ErrorCode.ALREADY_DECEASED


def test_death_of_the_only_member_closes_the_card(officer):
    resident = registered(officer)
    family = _card(resident).family
    death_register(actor=officer, resident=resident, death_date=dt.date(2024, 1, 1))
    family.refresh_from_db()
    assert family.closed_at is not None
    assert not FamilyMembership.objects.filter(valid_to__isnull=True).exists()


def test_event_documents_are_stored_cleaned_not_as_sent(officer):
    """#10: a register document is parsed in full like any upload: a PDF loses its
    JavaScript, a photo its GPS position and camera serial."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile

    from PIL import Image

    from balai.core.tests.upload_samples import (
        jpeg_with_gps_and_serial,
        pdf_with_javascript,
    )

    husband, wife, _family = couple(officer)
    birth_register(
        actor=officer,
        mother=wife,
        father=husband,
        child=person(full_name="Bayu", birth_date=dt.date(2021, 5, 6), sex=Sex.MALE),
        documents=[
            SimpleUploadedFile("akta.pdf", pdf_with_javascript()),
            SimpleUploadedFile("foto.jpg", jpeg_with_gps_and_serial()),
        ],
    )
    stored = {
        document.kind: document.file.open().read()
        for document in LifeEvent.objects.get(kind=EventKind.BIRTH).documents.all()
    }
    assert b"/JavaScript" not in stored["pdf"] and b"/OpenAction" not in stored["pdf"]
    assert b"SERIAL-1234567" not in stored["jpeg"]
    with Image.open(io.BytesIO(stored["jpeg"])) as image:
        assert dict(image.getexif()) == {}
