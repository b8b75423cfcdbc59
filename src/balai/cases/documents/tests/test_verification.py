# SPDX-License-Identifier: EUPL-1.2
"""Signature verification of genuine, tampered, modified and forged PDFs."""

from __future__ import annotations

import datetime as dt
import re

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from balai.accounts.tests.factories import AgencyFactory
from balai.cases.documents import selectors
from balai.cases.documents.constants import Outcome
from balai.cases.documents.pdf.checking import check_signature, read_pdf
from balai.cases.documents.pdf.layout import render_pdf
from balai.cases.documents.pdf.signing import SignatureRequest, sign_pdf
from balai.cases.documents.pki.store import load_credential, trust_roots
from balai.cases.documents.services import document_revoke
from balai.cases.documents.tests.pdf_support import (
    append_text_update,
    page_text,
    self_made_credential,
)
from balai.cases.documents.verification import verify_code, verify_pdf, verify_upload
from balai.core.errors import BalaiError
from balai.security.models import AuditEntry
from balai.security.monitoring.models import SecurityEvent

REQUEST = SignatureRequest(reason="uji", location="Bandung", signer_name="Pemalsu")


def _resign(document, credential) -> bytes:
    """The same layout signed again with another credential (a forger's re-sign)."""
    original = selectors.document_pdf(document)
    unsigned_end = original.rfind(b"%%EOF", 0, original.find(b"/ByteRange")) + 5
    signed, _level = sign_pdf(original[:unsigned_end] + b"\n", credential, REQUEST)
    return signed


def test_a_genuine_pdf_verifies_as_authentic(issue):
    document = issue()

    result = verify_pdf(selectors.document_pdf(document))

    assert result.outcome == Outcome.AUTHENTIC
    sig = result.signature
    assert sig.intact and sig.valid and sig.trusted and sig.covers_whole_file
    assert not sig.modified_after_signing
    assert result.summary.number == document.number
    assert result.summary.holder_initials == "B. S."


def test_one_changed_character_in_the_signed_bytes_is_tampering(issue):
    document = issue(number="3273-LU-28112026-0001")
    data = selectors.document_pdf(document)
    forged = data.replace(b"28112026-0001)", b"28112026-0009)", 1)
    assert forged != data and len(forged) == len(data)

    result = verify_pdf(forged)

    assert result.outcome == Outcome.TAMPERED
    assert not result.signature.intact


def test_a_flipped_byte_in_the_content_stream_is_tampering(issue):
    data = selectors.document_pdf(issue())
    start = data.index(b"stream", data.index(b"/FlateDecode")) + 20
    flipped = bytes([data[start] ^ 0x01])
    forged = data[:start] + flipped + data[start + 1 :]

    assert verify_pdf(forged).outcome == Outcome.TAMPERED


def test_an_incremental_update_that_changes_text_is_modified_after_signing(issue):
    data = selectors.document_pdf(issue())
    forged = append_text_update(data, "Nama: Orang Lain")
    assert "Orang Lain" in page_text(forged)

    result = verify_pdf(forged)

    assert result.outcome == Outcome.MODIFIED
    assert result.signature.intact  # the signed part itself is untouched
    assert not result.signature.covers_whole_file
    assert result.signature.modified_after_signing


def test_a_pdf_signed_with_a_self_made_key_is_untrusted(issue):
    document = issue()

    result = verify_pdf(_resign(document, self_made_credential()))

    assert result.outcome == Outcome.UNTRUSTED
    assert result.signature.sound and not result.signature.trusted


def test_a_trusted_certificate_of_another_agency_is_the_wrong_signer(
    issue, signing_pki, db
):
    other = AgencyFactory(code="dinas-lain")
    signing_pki.certify(other)
    document = issue()

    result = verify_pdf(_resign(document, load_credential("dinas-lain")))

    assert result.outcome == Outcome.WRONG_SIGNER


def test_a_different_file_signed_by_the_agency_is_not_the_registered_copy(
    issue, agency
):
    document = issue()
    original = selectors.document_pdf(document)
    unsigned_end = original.rfind(b"%%EOF", 0, original.find(b"/ByteRange")) + 5
    altered = original[:unsigned_end].replace(b"Budi Santoso", b"Bodi Santoso")
    signed, _level = sign_pdf(altered + b"\n", load_credential(agency.code), REQUEST)

    assert verify_pdf(signed).outcome == Outcome.MISMATCH


def test_a_trusted_signature_without_a_registered_document_is_unregistered(
    agency, signing_pki
):
    from balai.cases.documents.tests.test_pdf import CONTENT

    signed, _level = sign_pdf(
        render_pdf(CONTENT), load_credential(agency.code), REQUEST
    )

    assert verify_pdf(signed).outcome == Outcome.UNREGISTERED


def test_an_unsigned_pdf_is_reported_unsigned(db):
    from balai.cases.documents.tests.test_pdf import CONTENT

    assert verify_pdf(render_pdf(CONTENT)).outcome == Outcome.UNSIGNED


def test_bytes_that_only_start_like_a_pdf_are_unreadable(db):
    assert verify_pdf(b"%PDF-1.7\nnot really\n").outcome == Outcome.UNREADABLE


def test_a_revoked_document_verifies_as_revoked(issue, officer):
    document = issue()
    document_revoke(document=document, by=officer, reason="data_corrected")

    assert verify_pdf(selectors.document_pdf(document)).outcome == Outcome.REVOKED
    by_code = verify_code(document.code)
    assert by_code.outcome == Outcome.REVOKED
    assert by_code.summary.revocation_reason == "data_corrected"


def test_an_expired_document_verifies_as_expired(issue):
    document = issue(valid_until=dt.date(2020, 1, 1))

    assert verify_code(document.code).outcome == Outcome.EXPIRED


def test_an_unknown_code_is_unknown(db):
    assert verify_code("ABCD-EFGH-JKMN-PQRS-TVWX").outcome == Outcome.UNKNOWN
    assert verify_code("../../etc/passwd").outcome == Outcome.UNKNOWN


def test_the_certificate_is_judged_at_the_registered_issue_time(issue):
    document = issue()
    parsed = read_pdf(selectors.document_pdf(document))
    years_later = document.issued_at + dt.timedelta(days=3 * 365)

    at_issue = check_signature(
        parsed, trust_roots=trust_roots(), moment=document.issued_at
    )
    later = check_signature(parsed, trust_roots=trust_roots(), moment=years_later)

    assert at_issue.trusted
    assert not later.trusted  # the agency certificate has expired by then
    assert verify_pdf(parsed.data).outcome == Outcome.AUTHENTIC


def test_upload_refuses_a_non_pdf_with_a_clear_error(db):
    upload = SimpleUploadedFile("akta.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100)

    with pytest.raises(BalaiError) as caught:
        verify_upload(upload)
    assert caught.value.code == "upload_wrong_type"


def test_upload_refuses_a_file_over_the_limit(db, settings):
    settings.DOCUMENT_UPLOAD_MAX_BYTES = 1024
    upload = SimpleUploadedFile("akta.pdf", b"%PDF-1.7\n" + b"0" * 2048)

    with pytest.raises(BalaiError) as caught:
        verify_upload(upload)
    assert caught.value.code == "upload_too_large"


def test_checks_are_audited_and_forgeries_raise_a_security_event(issue):
    document = issue()
    forged = append_text_update(selectors.document_pdf(document), "PALSU")

    verify_code(document.code)
    verify_upload(SimpleUploadedFile("x.pdf", forged))

    actions = set(
        AuditEntry.objects.filter(object_id=str(document.pk)).values_list(
            "action", flat=True
        )
    )
    assert {"document.issue", "document.verify", "document.verify_upload"} <= actions
    purposes = " ".join(AuditEntry.objects.values_list("purpose", flat=True))
    assert "Budi" not in purposes
    event = SecurityEvent.objects.get()
    assert event.details["outcome"] == "modified"


def test_the_code_printed_in_the_pdf_metadata_finds_the_document(issue):
    document = issue()
    data = selectors.document_pdf(document)

    keywords = re.search(rb"/Keywords \(([^)]*)\)", data).group(1).decode()
    assert keywords == f"balai-verify:{document.code}"
