# SPDX-License-Identifier: EUPL-1.2
"""Correction requests (UU 27/2022 Art. 6): the citizen's form, the agency's queue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

import pytest

from balai.accounts import data_rights
from balai.accounts.constants import CorrectionItem, CorrectionStatus, Role
from balai.accounts.models import DataCorrectionRequest
from balai.accounts.testing import verified
from balai.accounts.tests.conftest import login, pass_two_factor
from balai.accounts.tests.factories import (
    AgencyFactory,
    StaffFactory,
    UserFactory,
    make_nik,
)
from balai.core.errors import BalaiError
from balai.core.samples import ONE_PAGE_PDF
from balai.security.models import AuditEntry

pytestmark = pytest.mark.django_db

PDF = ONE_PAGE_PDF
EXE = b"MZ\x90\x00" + b"\x00" * 300


@pytest.fixture
def disdukcapil():
    return AgencyFactory(code="disdukcapil", name="Dinas Kependudukan Uji")


def _verified(user):
    """The user after a real TOTP check logged in through django-otp."""
    return verified(user)


def _staff(agency, role=Role.OFFICER):
    return _verified(StaffFactory(agency=agency, roles=[role]))


@pytest.fixture
def officer(disdukcapil):
    return _staff(disdukcapil)


def _client_for(user, *, two_factor: bool = False) -> Client:
    client = Client()
    login(client, user)
    if two_factor:
        pass_two_factor(client, user)
    return client


def _submit(user, item=CorrectionItem.FULL_NAME, value="Siti Rahmawati", **extra):
    return data_rights.correction_request_submit(
        user=user, item=item, requested_value=value, **extra
    )


def test_correction_flow_from_form_to_corrected_account(
    settings, disdukcapil, officer, outbox
):
    citizen = UserFactory(full_name="Siti Rahma", email="siti@contoh.id")
    citizen_client = _client_for(citizen)
    assert citizen_client.get(reverse("portal:my-data-correction")).status_code == 200
    response = citizen_client.post(
        reverse("portal:my-data-correction"),
        {
            "item": CorrectionItem.FULL_NAME,
            "requested_value": "Siti Rahmawati",
            "explanation": "Nama di KTP saya Siti Rahmawati.",
            "document": SimpleUploadedFile(
                "ktp saya.pdf", PDF, content_type="application/pdf"
            ),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:my-data") + "#correction_requests"
    correction = DataCorrectionRequest.objects.get(requester=citizen)
    assert correction.status == CorrectionStatus.SUBMITTED
    assert correction.agency_id == disdukcapil.pk
    stored = Path(settings.MEDIA_ROOT) / "private" / correction.document.name
    # encrypted at rest; the application reads the cleaned PDF
    assert stored.read_bytes().startswith(b"BALAIF1\n")
    assert b"%PDF" not in stored.read_bytes()
    with correction.document.open("rb") as handle:
        assert handle.read().startswith(b"%PDF-")
    assert correction.document.name.startswith("corrections/")
    assert "ktp" not in correction.document.name
    assert outbox[-1].recipient == "siti@contoh.id"

    staff = _client_for(officer, two_factor=True)
    queue = staff.get(reverse("accounts:correction-list"))
    assert correction.reference in queue.content.decode()
    assert "Siti Rahma" not in queue.content.decode()  # no personal data in lists
    detail_url = reverse("accounts:correction-detail", args=[correction.pk])
    page = staff.get(detail_url)
    assert page.status_code == 200
    assert "Siti Rahmawati" in page.content.decode()
    read = AuditEntry.objects.filter(action="person.read", subject_id=citizen.pk).get()
    assert read.purpose == "handling a data correction request"
    assert read.actor_id == officer.pk

    document = staff.get(reverse("accounts:correction-document", args=[correction.pk]))
    assert document.status_code == 200
    served = b"".join(document.streaming_content)
    assert served.startswith(b"%PDF-")  # decrypted, the cleaned copy
    assert document["Content-Type"] == "application/pdf"
    assert document["Content-Disposition"].startswith("attachment")
    assert document["X-Content-Type-Options"] == "nosniff"

    claim = staff.post(reverse("accounts:correction-claim", args=[correction.pk]))
    assert claim.status_code == 302
    resolve = staff.post(
        reverse("accounts:correction-resolve", args=[correction.pk]),
        {"decision": "accept", "reason": ""},
    )
    assert resolve.status_code == 302
    correction.refresh_from_db()
    citizen.refresh_from_db()
    assert correction.status == CorrectionStatus.RESOLVED
    assert correction.decision == "accepted"
    assert citizen.full_name == "Siti Rahmawati"
    assert [step["status"] for step in correction.history] == [
        "submitted",
        "in_review",
        "resolved",
    ]
    update = AuditEntry.objects.get(action="person.update", subject_id=citizen.pk)
    assert update.changes == ["full_name"]
    to_citizen = [m for m in outbox if m.recipient == "siti@contoh.id"]
    assert len(to_citizen) == 3  # received, in review, accepted
    assert to_citizen[-1].subject == "Permintaan perbaikan data Anda diterima"
    assert "nama lengkap Anda di Balai sudah diperbaiki" in to_citizen[-1].body
    assert f"{settings.PUBLIC_BASE_URL}/data-saya/" in to_citizen[-1].body
    assert "Siti Rahmawati" not in to_citizen[-1].body  # never the values asked for

    mine = citizen_client.get(reverse("portal:my-data")).content.decode()
    assert correction.reference in mine
    assert "Dinas Kependudukan Uji" in mine  # who read the record, by agency
    assert officer.full_name not in mine


def test_renamed_executable_is_refused_and_the_other_input_is_kept(disdukcapil):
    citizen = UserFactory()
    response = _client_for(citizen).post(
        reverse("portal:my-data-correction"),
        {
            "item": CorrectionItem.FULL_NAME,
            "requested_value": "Budi Santoso",
            "explanation": "Salah ketik",
            "document": SimpleUploadedFile("ktp.pdf", EXE),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    [error] = response.context["form"].errors["document"]
    assert "PDF" in error  # names the accepted types
    assert escape(error) in html
    assert 'value="Budi Santoso"' in html
    assert "Salah ketik" in html
    assert not DataCorrectionRequest.objects.exists()


def test_officer_of_another_agency_gets_403(disdukcapil, officer):
    correction = _submit(UserFactory())
    other = _staff(AgencyFactory(code="dinkes"))
    staff = _client_for(other, two_factor=True)
    for name in ("accounts:correction-detail", "accounts:correction-document"):
        assert staff.get(reverse(name, args=[correction.pk])).status_code == 403
    claim = staff.post(reverse("accounts:correction-claim", args=[correction.pk]))
    assert claim.status_code == 403
    queue = staff.get(reverse("accounts:correction-list") + "?status=all")
    assert correction.reference not in queue.content.decode()
    assert not AuditEntry.objects.filter(action="person.read").exists()


def test_citizens_and_anonymous_users_cannot_reach_the_queue(disdukcapil):
    correction = _submit(UserFactory())
    detail = reverse("accounts:correction-detail", args=[correction.pk])
    other_citizen = _client_for(UserFactory())
    assert other_citizen.get(detail).status_code == 403
    assert other_citizen.get(reverse("accounts:correction-list")).status_code == 403
    anonymous = Client()
    for url in (detail, reverse("accounts:correction-list")):
        response = anonymous.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_unknown_request_is_404(officer):
    staff = _client_for(officer, two_factor=True)
    missing = "00000000-0000-4000-8000-000000000000"
    url = reverse("accounts:correction-detail", args=[missing])
    assert staff.get(url).status_code == 404


def test_without_identity_agency_requests_wait_in_triage_for_system_admins(officer):
    officer.agency.code = "dinas-lain"
    officer.agency.save()
    correction = _submit(UserFactory())
    assert correction.status == CorrectionStatus.TRIAGE
    assert correction.agency_id is None
    admin = _staff(AgencyFactory(), Role.SYSTEM_ADMIN)
    admin_queue = _client_for(admin, two_factor=True).get(
        reverse("accounts:correction-list")
    )
    assert correction.reference in admin_queue.content.decode()
    officer_queue = _client_for(officer, two_factor=True).get(
        reverse("accounts:correction-list")
    )
    assert correction.reference not in officer_queue.content.decode()


def test_rejection_needs_a_reason_and_keeps_the_account(officer, outbox):
    citizen = UserFactory(full_name="Andi Wijaya")
    correction = _submit(citizen, value="Andi W.")
    data_rights.correction_request_claim(actor=officer, request_id=correction.pk)
    with pytest.raises(BalaiError) as excinfo:
        data_rights.correction_request_resolve(
            actor=officer, request_id=correction.pk, accepted=False, reason=" "
        )
    assert excinfo.value.code == "reason_required"
    data_rights.correction_request_resolve(
        actor=officer,
        request_id=correction.pk,
        accepted=False,
        reason="Tidak sesuai dengan KK.",
    )
    citizen.refresh_from_db()
    assert citizen.full_name == "Andi Wijaya"
    assert "Tidak sesuai dengan KK." in outbox[-1].body


def test_birth_date_is_applied_and_nik_is_only_recorded(officer):
    citizen = UserFactory(birth_date=dt.date(1990, 5, 12))
    born = _submit(citizen, item=CorrectionItem.BIRTH_DATE, value="13-05-1990")
    assert born.requested_value == "1990-05-13"
    new_nik = make_nik(4242)
    nik = _submit(citizen, item=CorrectionItem.NIK, value=new_nik)
    for correction in (born, nik):
        data_rights.correction_request_claim(actor=officer, request_id=correction.pk)
        data_rights.correction_request_resolve(
            actor=officer, request_id=correction.pk, accepted=True
        )
    citizen.refresh_from_db()
    assert citizen.birth_date == dt.date(1990, 5, 13)
    assert citizen.nik != new_nik


@pytest.mark.parametrize(
    ("item", "value"),
    [
        (CorrectionItem.BIRTH_DATE, "kemarin"),
        (CorrectionItem.BIRTH_DATE, "01-01-2999"),
        (CorrectionItem.NIK, "1234"),
        (CorrectionItem.FULL_NAME, "   "),
    ],
)
def test_values_that_cannot_be_right_are_refused(disdukcapil, item, value):
    with pytest.raises(BalaiError) as excinfo:
        _submit(UserFactory(), item=item, value=value)
    assert "requested_value" in excinfo.value.field_errors
    assert not DataCorrectionRequest.objects.exists()


def test_only_the_claiming_officer_or_the_head_decides(disdukcapil, officer):
    correction = _submit(UserFactory())
    data_rights.correction_request_claim(actor=officer, request_id=correction.pk)
    colleague = _staff(disdukcapil)
    with pytest.raises(BalaiError):
        data_rights.correction_request_claim(actor=colleague, request_id=correction.pk)
    with pytest.raises(BalaiError):
        data_rights.correction_request_resolve(
            actor=colleague, request_id=correction.pk, accepted=True
        )
    head = _staff(disdukcapil, Role.AGENCY_HEAD)
    data_rights.correction_request_resolve(
        actor=head, request_id=correction.pk, accepted=True
    )
    correction.refresh_from_db()
    assert correction.handled_by_id == head.pk


def test_nobody_decides_on_their_own_request(disdukcapil, officer):
    correction = _submit(officer)
    with pytest.raises(PermissionDenied):
        data_rights.correction_request_claim(actor=officer, request_id=correction.pk)


def test_sub_agency_staff_see_nothing_of_the_parent_agency(disdukcapil):
    correction = _submit(UserFactory())
    child = AgencyFactory(parent=disdukcapil, unit=disdukcapil.unit)
    upt_officer = _staff(child)
    staff = _client_for(upt_officer, two_factor=True)
    url = reverse("accounts:correction-detail", args=[correction.pk])
    assert staff.get(url).status_code == 403
