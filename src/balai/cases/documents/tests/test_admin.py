# SPDX-License-Identifier: EUPL-1.2
"""Back office: a list without personal data, and revocation with a reason."""

from __future__ import annotations

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from balai.accounts.constants import Role
from balai.accounts.tests.factories import StaffFactory
from balai.cases.documents.constants import DocumentStatus

CHANGELIST = "admin:issued_documents_issueddocument_changelist"


def _admin(agency):
    return StaffFactory(agency=agency, roles=[Role.SYSTEM_ADMIN], is_superuser=True)


def test_list_shows_documents_without_personal_data(issue, agency, staff_client):
    document = issue()
    client = staff_client(_admin(agency))

    response = client.get(reverse(CHANGELIST))

    assert response.status_code == 200
    html = response.content.decode()
    assert document.number in html
    assert "Budi" not in html and "B. S." not in html
    detail = client.get(
        reverse("admin:issued_documents_issueddocument_change", args=[document.pk])
    ).content.decode()
    assert document.sha256 in detail and "Budi" not in detail


def test_revoke_action_asks_for_a_reason_then_revokes(issue, agency, staff_client):
    document = issue()
    client = staff_client(_admin(agency))
    selected = {"action": "revoke", ACTION_CHECKBOX_NAME: [str(document.pk)]}

    asked = client.post(reverse(CHANGELIST), selected)
    assert asked.status_code == 200
    assert 'name="reason"' in asked.content.decode()
    document.refresh_from_db()
    assert document.status == DocumentStatus.VALID

    done = client.post(
        reverse(CHANGELIST),
        {**selected, "confirm": "1", "reason": "replaced", "note": "diganti"},
    )

    assert done.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.REVOKED
    assert document.revocation_reason == "replaced"
    assert document.revocation_note == "diganti"
