# SPDX-License-Identifier: EUPL-1.2
"""The back office: roles, agency and superuser are read-only; every write, bulk
deletions included, is audited (issue #10)."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.urls import reverse

import pytest

from balai.accounts.constants import Role
from balai.accounts.models import User
from balai.accounts.tests.factories import AgencyFactory, StaffFactory, UserFactory
from balai.security.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff_client):
    return staff_client(StaffFactory(roles=[Role.SYSTEM_ADMIN], is_superuser=True))


def test_user_admin_cannot_grant_roles_agency_or_superuser(admin_client):
    citizen = UserFactory()
    url = reverse("admin:accounts_user_change", args=[citizen.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    for field in ("is_superuser", "is_staff", "groups", "agency"):
        assert field not in form.fields
    admin_group = Group.objects.get(name=Role.SYSTEM_ADMIN)
    admin_client.post(
        url,
        {
            "email": citizen.email,
            "phone": "",
            "full_name": "Nama Baru",
            "nik": citizen.nik,
            "birth_date": "1990-05-12",
            "language": "id",
            "job_title": "",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [admin_group.pk],
            "agency": AgencyFactory().pk,
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    citizen.refresh_from_db()
    assert not citizen.is_superuser and not citizen.is_staff
    assert citizen.agency_id is None
    assert Role.SYSTEM_ADMIN not in citizen.role_names
    assert AuditEntry.objects.filter(action="user.read").exists() or (
        AuditEntry.objects.filter(object_id=str(citizen.pk)).exists()
    )


def test_bulk_delete_is_audited_per_account(admin_client):
    victims = [UserFactory(), UserFactory()]
    response = admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [str(v.pk) for v in victims],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk__in=[v.pk for v in victims]).exists()
    deleted = set(
        AuditEntry.objects.filter(action="user.delete").values_list(
            "object_id", flat=True
        )
    )
    assert deleted == {str(v.pk) for v in victims}
