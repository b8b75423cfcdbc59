# SPDX-License-Identifier: EUPL-1.2
"""Revoking: policy, one-way, reasons, audit."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

import pytest

from balai.accounts.constants import Role
from balai.accounts.tests.factories import AgencyFactory, StaffFactory
from balai.cases.documents.constants import DocumentStatus, ErrorCode
from balai.cases.documents.services import document_revoke
from balai.core.errors import Conflict
from balai.security.models import AuditEntry


def test_revoke_marks_the_document_and_audits(issue, officer):
    document = issue()

    revoked = document_revoke(document=document, by=officer, reason="replaced")

    assert revoked.status == DocumentStatus.REVOKED
    assert revoked.revoked_at is not None and revoked.revoked_by == officer
    assert revoked.revocation_reason == "replaced"
    entry = AuditEntry.objects.get(action="document.revoke")
    assert entry.object_id == str(document.pk) and entry.purpose == "replaced"


def test_free_text_reason_is_kept_as_a_private_note_under_other(issue, officer):
    revoked = document_revoke(
        document=issue(), by=officer, reason="Nama ayah salah ketik"
    )

    assert revoked.revocation_reason == "other"
    assert revoked.revocation_note == "Nama ayah salah ketik"
    assert "salah" not in AuditEntry.objects.get(action="document.revoke").purpose


def test_revoking_twice_is_a_conflict(issue, officer):
    document = issue()
    document_revoke(document=document, by=officer, reason="replaced")

    with pytest.raises(Conflict) as caught:
        document_revoke(document=document, by=officer, reason="replaced")
    assert caught.value.code == ErrorCode.ALREADY_REVOKED


def test_officers_of_other_agencies_and_citizens_cannot_revoke(issue, db):
    document = issue()
    outsider = StaffFactory(agency=AgencyFactory(code="dinas-lain"))

    with pytest.raises(PermissionDenied):
        document_revoke(document=document, by=outsider, reason="replaced")
    with pytest.raises(PermissionDenied):
        document_revoke(document=document, by=None, reason="replaced")
    document.refresh_from_db()
    assert document.status == DocumentStatus.VALID


def test_a_system_admin_may_revoke_anywhere(issue, db):
    admin = StaffFactory(
        agency=AgencyFactory(code="diskominfo"), roles=[Role.SYSTEM_ADMIN]
    )

    assert document_revoke(
        document=issue(), by=admin, reason="issued_in_error"
    ).status == (DocumentStatus.REVOKED)


def test_a_revoked_number_may_be_issued_again(issue, officer):
    first = issue(number="3273-LU-28112026-0500")
    document_revoke(document=first, by=officer, reason="data_corrected")

    second = issue(number="3273-LU-28112026-0500")

    assert second.pk != first.pk and second.status == DocumentStatus.VALID
