# SPDX-License-Identifier: EUPL-1.2
"""Recording life events through the officer pages."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from balai.accounts.models import Agency
from balai.registry.constants import EventKind, ResidentStatus, Sex
from balai.registry.models import LifeEvent, Resident
from balai.registry.services import birth_register
from balai.registry.tests.factories import (
    couple,
    pdf,
    person,
)
from balai.security.models import AuditEntry

SERVICE = {"purpose": "service"}


def test_recording_a_death_with_a_document(officer_client, world):
    resident = world["resident"]
    url = reverse("registry:event-create", args=[EventKind.DEATH])
    form = officer_client.get(url, {"penduduk": resident.pk})
    assert "Wahyu Hidayat" in form.content.decode()
    response = officer_client.post(
        f"{url}?penduduk={resident.pk}",
        {
            "resident": str(resident.pk),
            "death_date": "2024-05-01",
            "documents": [pdf()],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    resident.refresh_from_db()
    assert resident.status == ResidentStatus.DECEASED
    event = LifeEvent.objects.get(kind=EventKind.DEATH)
    document = event.documents.get()
    download = officer_client.get(
        reverse("registry:event-document", args=[document.pk]), SERVICE
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert AuditEntry.objects.filter(
        action="person.read_document", subject_id=resident.pk
    ).exists()


def test_event_form_errors_are_shown_on_the_form(officer_client, world):
    url = reverse("registry:event-create", args=[EventKind.DEATH])
    response = officer_client.post(
        url, {"nik": world["resident"].nik, "death_date": "1980-01-01"}
    )
    assert response.status_code == 400
    assert "sebelum tanggal lahir" in response.content.decode()
    unknown = officer_client.post(
        url, {"nik": "3273011708900099", "death_date": "2024-01-01"}
    )
    assert unknown.status_code == 400
    assert "Tidak ada penduduk dengan NIK ini" in unknown.content.decode()


def test_recording_a_birth_and_a_first_registration_through_the_forms(
    officer_client, world
):
    husband, wife, _family = couple(world["officer"])
    response = officer_client.post(
        reverse("registry:event-create", args=[EventKind.BIRTH]),
        {
            "mother_nik": wife.nik,
            "father_nik": husband.nik,
            "full_name": "Bintang",
            "sex": Sex.MALE,
            "birth_date": "2023-03-03",
            "birth_place": "Bandung",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Resident.objects.filter(name_index__isnull=False).count() == 4
    response = officer_client.post(
        reverse("registry:event-create", args=[EventKind.FIRST_REGISTRATION]),
        {
            "full_name": "Yusuf",
            "sex": Sex.MALE,
            "birth_date": "1970-01-01",
            "religion": "islam",
            "marital_status": "belum_kawin",
            "citizenship": "WNI",
            "address": "Jl. Braga 5",
            "village_code": "32.73.01.1001",
            "relationship": "kepala_keluarga",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]


def test_a_correction_sends_only_the_changed_fields(officer_client, world):
    resident = world["resident"]
    url = reverse("registry:event-create", args=[EventKind.DATA_CORRECTION])
    page = officer_client.get(url, {"penduduk": resident.pk})
    form = page.context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"full_name": "Wahyu Hidayatullah", "reason": "Sesuai ijazah"})
    data["birth_date"] = resident.birth_date.isoformat()
    response = officer_client.post(f"{url}?penduduk={resident.pk}", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = LifeEvent.objects.get(kind=EventKind.DATA_CORRECTION)
    assert event.details["fields"] == ["full_name"]


def test_unknown_event_kind_is_404(officer_client, world):
    assert (
        officer_client.get(
            reverse("registry:event-create", args=["wedding"])
        ).status_code
        == 404
    )


def test_a_birth_recorded_by_service_shows_on_the_parents_family_page(
    officer_client, world
):
    _husband, wife, family = couple(world["officer"])
    birth_register(
        actor=world["officer"],
        mother=wife,
        child=person(
            full_name="Cahaya", birth_date=dt.date(2021, 1, 1), sex=Sex.FEMALE
        ),
    )
    body = officer_client.get(
        reverse("registry:family-detail", args=[family.pk]), SERVICE
    ).content.decode()
    assert "Cahaya" in body
    assert Agency.objects.filter(code="disdukcapil").count() == 1


def test_moving_out_from_the_record_prefills_the_nik(officer_client, world):
    resident = world["resident"]
    url = reverse("registry:event-create", args=[EventKind.MOVE_OUT])
    page = officer_client.get(url, {"penduduk": resident.pk})
    assert page.context["form"].initial == {"niks": resident.nik}
    response = officer_client.post(
        f"{url}?penduduk={resident.pk}",
        {"niks": resident.nik, "destination_code": "31.74", "move_date": "2024-02-02"},
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.status == ResidentStatus.MOVED_AWAY
