# SPDX-License-Identifier: EUPL-1.2
"""Issuing and revoking clients: the command and the back office."""

from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from balai.accounts.constants import Role
from balai.accounts.tests.factories import StaffFactory
from balai.registry.exchange.models import ApiClient
from balai.registry.exchange.services import IssuedClient
from balai.registry.tests.exchange_support import (
    agreement,
    assert_problem,
    caller,
    insurer,
    issue,
    verify,
)
from balai.security.models import AuditEntry

BODY = {
    "nik": "3273011205900001",
    "full_name": "Budi Santoso",
    "birth_date": "1990-05-12",
}


def _create(**options: Any) -> str:
    out = StringIO()
    call_command("registry_client", "create", stdout=out, **options)
    return out.getvalue()


def test_the_command_prints_a_working_credential_once(db: Any) -> None:
    found = agreement(insurer("bpjs"), ["nik"])
    out = _create(agency="bpjs", agreement=str(found.pk), name="JKN")
    lines = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    client = ApiClient.objects.get(client_id=lines["client_id"].strip())
    secret = lines["secret"].strip()
    assert client.secret_digest != secret
    assert (client.agency, client.agreement, client.name) == (
        found.consumer,
        found,
        "JKN",
    )
    assert verify(caller(IssuedClient(client, secret)), **BODY).status_code == 200
    assert AuditEntry.objects.filter(action="api_client.create").exists()


def test_the_command_revokes_a_client(db: Any) -> None:
    issued = issue(agreement(insurer(), ["nik"]))
    call_command(
        "registry_client",
        "revoke",
        client_id=issued.client.client_id,
        stdout=StringIO(),
    )
    assert_problem(verify(caller(issued), **BODY), 401, "client_revoked")


@pytest.mark.parametrize(
    ("agency", "agreement_id", "message"),
    [
        ("nope", None, "No agency"),
        ("bpjs", "not-a-uuid", "No agreement"),
        ("other", None, "another agency"),
    ],
)
def test_the_command_refuses_bad_arguments(
    db: Any, agency: str, agreement_id: str | None, message: str
) -> None:
    found = agreement(insurer("bpjs"), ["nik"])
    insurer("other")
    with pytest.raises(CommandError, match=message):
        _create(agency=agency, agreement=agreement_id or str(found.pk), name="x")


def _admin_client(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend="balai.accounts.backends.LoginBackend")
    device = TOTPDevice.objects.create(user=user, name="t", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def test_system_admins_manage_agreements_and_revoke_clients(db: Any) -> None:
    issued = issue(agreement(insurer(), ["nik"]))
    admin = _admin_client(StaffFactory(roles=[Role.SYSTEM_ADMIN]))
    assert admin.get("/admin/registry/datasharingagreement/").status_code == 200
    assert admin.get("/admin/registry/datasharingagreement/add/").status_code == 200
    assert admin.get("/admin/registry/apiclient/").status_code == 200
    assert admin.get("/admin/registry/apiclient/add/").status_code == 403
    response = admin.post(
        "/admin/registry/apiclient/",
        {"action": "revoke", "_selected_action": [str(issued.client.pk)]},
    )
    assert response.status_code == 302
    issued.client.refresh_from_db()
    assert issued.client.revoked_at is not None


def test_superuser_flag_alone_does_not_open_the_exchange_admin(db: Any) -> None:
    other = _admin_client(StaffFactory(roles=[Role.AUDITOR], is_superuser=True))
    assert other.get("/admin/registry/apiclient/").status_code in {302, 403}
