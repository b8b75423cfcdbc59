# SPDX-License-Identifier: EUPL-1.2
"""Security events: failed logins, lockouts, 2FA failures and permission denials."""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse

import pytest
from rest_framework.views import APIView

from balai.accounts.tests.conftest import login, pass_two_factor
from balai.accounts.tests.factories import StaffFactory, UserFactory
from balai.security.masking import mask_identifier
from balai.security.monitoring.constants import AlertStatus, EventKind, RuleCode
from balai.security.monitoring.masking import username_digest
from balai.security.monitoring.models import SecurityAlert, SecurityEvent
from balai.security.monitoring.signals import two_factor_failed

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("monitoring", "low_thresholds"),
]

LOGIN = reverse("accounts:login")


def _fail_login(client, username: str) -> None:
    response = client.post(LOGIN, {"username": username, "password": "salah-sandi"})
    assert response.status_code in (200, 429)


def _rows_as_text() -> str:
    rows = list(SecurityEvent.objects.values()) + list(SecurityAlert.objects.values())
    return json.dumps(rows, default=str)


@pytest.mark.parametrize(
    ("typed", "masked"),
    [
        ("siti.aminah@contoh.id", "s***@contoh.id"),
        ("0812-3456-7890", "+62812****890"),
        ("+62 812 3456 7890", "+62812****890"),
        ("3174011205900001", "3174********0001"),
        ("budi", "b***"),
        ("s***@contoh.id", "s***@contoh.id"),
        ("", ""),
    ],
)
def test_usernames_are_masked(typed, masked):
    assert mask_identifier(typed) == masked


def test_one_number_written_differently_has_one_digest():
    assert username_digest("0812-3456-7890") == username_digest("+6281234567890")
    assert username_digest("Ani@Contoh.id") == username_digest("ani@contoh.id")
    assert username_digest("ani@contoh.id") != username_digest("ana@contoh.id")
    assert username_digest("a***@contoh.id") == ""


def test_failed_logins_are_recorded_masked_and_raise_one_alert(client):
    user = UserFactory(email="siti.aminah@contoh.id")
    for _ in range(2):
        _fail_login(client, user.email)
    assert SecurityEvent.objects.filter(kind=EventKind.LOGIN_FAILED).count() == 2
    assert not SecurityAlert.objects.exists()

    _fail_login(client, "SITI.AMINAH@contoh.id ")  # the same account

    event = SecurityEvent.objects.filter(kind=EventKind.LOGIN_FAILED).first()
    assert event.username_hint == "s***@contoh.id"
    assert event.ip == "127.0.0.1"
    assert event.request_id
    assert event.path == LOGIN
    alert = SecurityAlert.objects.get()
    assert alert.rule == RuleCode.LOGIN_FAILURES
    assert alert.status == AlertStatus.OPEN
    assert alert.event_count == 3
    assert "s***@contoh.id" in alert.title

    for _ in range(2):
        _fail_login(client, user.email)

    alert = SecurityAlert.objects.get()  # still one alert
    assert alert.event_count == 5
    assert alert.last_seen > alert.first_seen
    text = _rows_as_text().lower()
    assert "siti" not in text
    assert "aminah" not in text


def test_failures_on_many_accounts_from_one_address_raise_an_ip_alert(client):
    for serial in range(3):
        _fail_login(client, f"orang{serial}@contoh.id")

    alert = SecurityAlert.objects.get()
    assert alert.dedup_key.startswith(f"{RuleCode.LOGIN_FAILURES}:ip:")
    assert alert.target == "127.0.0.1"


def test_lockout_raises_a_warning_alert(client, settings):
    settings.LOGIN_FREE_FAILURES = 2
    settings.SECURITY_LOGIN_FAILURE_THRESHOLD = 50
    user = UserFactory(email="budi@contoh.id")
    for _ in range(3):
        _fail_login(client, user.email)

    assert SecurityEvent.objects.filter(kind=EventKind.LOCKOUT).exists()
    alert = SecurityAlert.objects.get(rule=RuleCode.LOCKOUT)
    assert alert.severity == "warning"
    assert alert.target == "b***@contoh.id"
    lockout = SecurityEvent.objects.filter(kind=EventKind.LOCKOUT).first()
    login_failed = SecurityEvent.objects.filter(kind=EventKind.LOGIN_FAILED).first()
    assert lockout.username_key == login_failed.username_key != ""
    assert "budi@" not in _rows_as_text()


def test_citizen_opening_the_audit_log_is_a_permission_denial(client):
    citizen = UserFactory()
    login(client, citizen)

    assert client.get(reverse("security:audit-list")).status_code == 403

    event = SecurityEvent.objects.get(kind=EventKind.PERMISSION_DENIED)
    assert event.actor_id == citizen.pk
    assert event.path == reverse("security:audit-list")
    assert event.details == {"reason": "security.view_audit", "method": "GET"}


def test_repeated_denials_by_one_user_raise_an_alert(client):
    citizen = UserFactory()
    login(client, citizen)
    for _ in range(3):
        client.get(reverse("security:alert-list"))

    alert = SecurityAlert.objects.get()
    assert alert.rule == RuleCode.PERMISSION_DENIALS
    assert alert.event_filter == {
        "kind": EventKind.PERMISSION_DENIED,
        "actor_id": str(citizen.pk),
    }


def test_api_403_for_staff_without_second_factor_is_recorded(client):
    staff = StaffFactory()
    login(client, staff)  # no second factor: the API answers 403

    response = client.get("/api/v1/me/")

    assert response.status_code == 403
    event = SecurityEvent.objects.get(kind=EventKind.PERMISSION_DENIED)
    assert event.actor_id == staff.pk
    assert event.details["reason"] == "api_forbidden"


class _DeniedApi(APIView):
    def get(self, request: object) -> None:
        raise PermissionDenied("security.view_alerts")


urlpatterns = [path("api/v1/denied/", _DeniedApi.as_view())]


@pytest.mark.urls(__name__)
def test_api_policy_denial_is_recorded_once(client):
    citizen = UserFactory()
    client.force_login(citizen)

    response = client.get("/api/v1/denied/")

    assert response.status_code == 403
    event = SecurityEvent.objects.get(kind=EventKind.PERMISSION_DENIED)
    assert event.actor_id == citizen.pk
    assert event.path == "/api/v1/denied/"


def test_two_factor_failures_are_recorded_and_a_burst_alerts():
    staff = StaffFactory()
    for _ in range(3):
        two_factor_failed.send(sender=None, user=staff, request=None)

    assert (
        SecurityEvent.objects.filter(
            kind=EventKind.TWO_FACTOR_FAILED, actor_id=staff.pk
        ).count()
        == 3
    )
    alert = SecurityAlert.objects.get()
    assert alert.rule == RuleCode.TWO_FACTOR_FAILURES
    assert alert.target == str(staff.pk)[:8]


def test_django_otp_verification_failures_are_recorded_too():
    from django_otp.forms import otp_verification_failed

    staff = StaffFactory()
    otp_verification_failed.send(sender=None, user=staff)

    assert SecurityEvent.objects.filter(kind=EventKind.TWO_FACTOR_FAILED).count() == 1


def test_successful_login_and_two_factor_record_nothing(client):
    staff = StaffFactory(roles=["security_officer"])
    login(client, staff)
    pass_two_factor(client, staff)

    assert not SecurityEvent.objects.exists()
