# SPDX-License-Identifier: EUPL-1.2
"""Issuing: the PDF is signed, stored privately, hashed, audited; rules hold."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction

import pytest

from balai.accounts.constants import Role
from balai.accounts.tests.factories import AgencyFactory, StaffFactory
from balai.cases.documents import selectors
from balai.cases.documents.codes import ALPHABET, CODE_LENGTH
from balai.cases.documents.constants import DocumentStatus, ErrorCode, Outcome
from balai.cases.documents.models import IssuedDocument
from balai.cases.documents.verification import verify_pdf
from balai.core.errors import BalaiError, Conflict
from balai.security.models import AuditEntry


def test_issue_stores_a_signed_pdf_that_verifies(issue, agency, officer):
    document = issue()

    data = selectors.document_pdf(document)
    assert data.startswith(b"%PDF-")
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.size == len(data)
    assert document.status == DocumentStatus.VALID
    assert document.issued_by == officer
    assert document.signature_level == "B-B"
    assert "disdukcapil" in document.signer_subject
    assert len(document.signer_fingerprint) == 64
    assert verify_pdf(data).outcome == Outcome.AUTHENTIC


def test_issue_gives_an_unguessable_url_safe_code(issue):
    codes = {issue().code for _ in range(3)}

    assert len(codes) == 3
    for code in codes:
        assert len(code) == CODE_LENGTH
        assert set(code) <= set(ALPHABET)
        assert selectors.document_by_code(code.lower()).code == code


def test_issue_keeps_personal_data_encrypted_and_initials_plain(issue):
    document = issue()

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT holder_name, fields, holder_initials FROM "
            "issued_documents_issueddocument WHERE id = %s",
            [document.pk.hex if connection.vendor == "sqlite" else document.pk],
        )
        holder_name, fields, holder_initials = cursor.fetchone()
    assert "Budi" not in holder_name and "Sri Wahyuni" not in fields
    assert holder_initials == "B. S."
    fresh = IssuedDocument.objects.get(pk=document.pk)
    assert fresh.holder_name == "Budi Santoso"
    assert fresh.field_items[3] == ("Nama ibu", "Sri Wahyuni")


def test_issued_pdf_lives_in_private_storage_without_url(issue):
    document = issue()

    assert document.pdf.name.startswith("issued-documents/")
    assert "Budi" not in document.pdf.name
    with pytest.raises(ValueError, match="no URL"):
        document.pdf.url  # noqa: B018


def test_issue_is_audited_without_personal_data(issue, officer):
    document = issue()

    entry = AuditEntry.objects.get(action="document.issue", object_id=str(document.pk))
    assert entry.actor_id == officer.pk
    assert "Budi" not in entry.purpose and document.number in entry.purpose


def test_issue_rolls_back_with_the_callers_transaction(issue):
    def approve_then_fail() -> None:
        with transaction.atomic():
            issue(number="3273-LU-ROLLBACK")
            raise RuntimeError("the approval failed afterwards")

    with pytest.raises(RuntimeError):
        approve_then_fail()

    assert not IssuedDocument.objects.filter(number="3273-LU-ROLLBACK").exists()


def test_issue_refuses_a_second_valid_document_with_the_same_number(issue):
    issue(number="3273-LU-28112026-0042")

    with pytest.raises(Conflict) as caught:
        issue(number="3273-LU-28112026-0042")
    assert caught.value.code == ErrorCode.DUPLICATE_NUMBER


def test_issue_refuses_an_officer_of_another_agency(issue, db):
    outsider = StaffFactory(agency=AgencyFactory(code="dinas-lain"))

    with pytest.raises(PermissionDenied):
        issue(issued_by=outsider)
    assert not IssuedDocument.objects.exists()


def test_an_officer_of_a_unit_beneath_the_agency_issues_for_it(issue, agency):
    """A Disdukcapil UPT works the Dinas' applications, so it issues its deeds."""
    upt = AgencyFactory(code="disdukcapil-upt-uji", parent=agency, unit=agency.unit)
    document = issue(issued_by=StaffFactory(agency=upt))
    assert document.agency == agency


def test_issue_refuses_staff_without_an_agency_role(issue, agency):
    auditor = StaffFactory(agency=agency, roles=[Role.AUDITOR])

    with pytest.raises(PermissionDenied):
        issue(issued_by=auditor)


def test_issue_without_a_certificate_says_so(issue, db):
    uncertified = AgencyFactory(code="dinas-tanpa-sertifikat")

    with pytest.raises(BalaiError) as caught:
        issue(agency=uncertified, issued_by=None)
    assert caught.value.code == ErrorCode.NO_SIGNING_CERTIFICATE


def test_issue_with_an_expired_certificate_is_refused(issue, signing_pki, db):
    late = AgencyFactory(code="dinas-kedaluwarsa")
    signing_pki.certify(late, days=0)

    with pytest.raises(BalaiError) as caught:
        issue(agency=late, issued_by=None)
    assert caught.value.code == ErrorCode.SIGNING_CERTIFICATE_EXPIRED


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"template": "Akta Kelahiran"}, ErrorCode.INVALID_TEMPLATE),
        ({"fields": []}, ErrorCode.NO_FIELDS),
        ({"fields": [("", "x")]}, ErrorCode.INVALID_FIELD),
        ({"number": "  "}, ErrorCode.INVALID_FIELD),
    ],
)
def test_issue_rejects_malformed_input(issue, overrides, code):
    with pytest.raises(BalaiError) as caught:
        issue(**overrides)
    assert caught.value.code == code


def test_documents_for_reference_lists_the_applications_documents(issue):
    first = issue(reference="PMH-2026-000777")
    second = issue(reference="PMH-2026-000777")
    issue(reference="PMH-2026-000778")

    found = set(selectors.documents_for_reference("PMH-2026-000777"))
    assert found == {first, second}


def test_valid_until_is_kept(issue):
    document = issue(valid_until=dt.date(2027, 11, 28))

    assert IssuedDocument.objects.get(pk=document.pk).valid_until == dt.date(
        2027, 11, 28
    )


def test_signing_still_works_when_the_reserved_space_is_too_small(issue, monkeypatch):
    from balai.cases.documents.pdf import signing

    monkeypatch.setattr(signing, "RESERVE_MARGIN", 0)

    document = issue()

    assert verify_pdf(selectors.document_pdf(document)).outcome == Outcome.AUTHENTIC
