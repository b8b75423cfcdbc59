# SPDX-License-Identifier: EUPL-1.2
"""The alert dashboard: who sees it, filters, acknowledge and resolve (audited)."""

from __future__ import annotations

import uuid

from django.db import connection
from django.urls import reverse

import pytest

from balai.accounts.tests.conftest import login, pass_two_factor
from balai.accounts.tests.factories import StaffFactory, UserFactory
from balai.security.models import AuditEntry
from balai.security.monitoring import rules
from balai.security.monitoring.constants import (
    AlertStatus,
    EventKind,
    RuleCode,
    Severity,
)
from balai.security.monitoring.models import SecurityAlert
from balai.security.monitoring.services import alert_raise, security_event_record

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("monitoring", "low_thresholds"),
]

LIST = reverse("security:alert-list")


def _alert(*, key: str = "", severity: str = Severity.WARNING) -> SecurityAlert:
    from django.utils import timezone

    target = key or uuid.uuid4().hex[:8]
    return alert_raise(
        trigger=rules.Trigger(
            rule=RuleCode.PERMISSION_DENIALS,
            target=target,
            dedup_key=f"test:{target}",
            severity=severity,
            count=3,
            new_events=1,
            window_start=timezone.now(),
            event_filter={"kind": EventKind.PERMISSION_DENIED, "ip": "192.0.2.7"},
        )
    )


def _urls(alert: SecurityAlert) -> dict[str, str]:
    return {
        name: reverse(f"security:alert-{name}", kwargs={"alert_id": alert.pk})
        for name in ("detail", "acknowledge", "resolve")
    }


def _client_for(client, user):
    login(client, user)
    if user.is_staff:
        pass_two_factor(client, user)
    return client


@pytest.mark.parametrize("role", ["security_officer", "system_admin"])
def test_alert_handlers_with_two_factor_see_alerts_and_event_counts(client, role):
    alert = _alert()
    security_event_record(kind=EventKind.LOGIN_FAILED, username="ani@contoh.id")
    _client_for(client, StaffFactory(roles=[role]))

    response = client.get(LIST)

    assert response.status_code == 200
    assert alert.display_title in response.content.decode()
    counts = {row["kind"]: row["count"] for row in response.context["event_counts"]}
    assert counts[EventKind.LOGIN_FAILED] == 1
    assert counts[EventKind.LOCKOUT] == 0
    detail = client.get(_urls(alert)["detail"])
    assert detail.status_code == 200
    assert detail.context["can_acknowledge"] and detail.context["can_resolve"]


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: StaffFactory(roles=["auditor"]),
        lambda: StaffFactory(roles=["officer"]),
        lambda: UserFactory(),
    ],
    ids=["auditor", "officer", "citizen"],
)
def test_others_get_403_everywhere(client, make_user):
    alert = _alert()
    _client_for(client, make_user())
    urls = _urls(alert)

    assert client.get(LIST).status_code == 403
    assert client.get(urls["detail"]).status_code == 403
    assert client.post(urls["acknowledge"]).status_code == 403
    assert client.post(urls["resolve"], {"note": "done"}).status_code == 403

    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN
    assert not AuditEntry.objects.filter(action__startswith="security_alert.").exists()


def test_security_officer_without_two_factor_is_sent_to_two_factor(client):
    login(client, StaffFactory(roles=["security_officer"]))
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:two-factor")


def test_open_alerts_come_first_and_filters_apply(client):
    resolved = _alert(severity=Severity.CRITICAL)
    SecurityAlert.objects.filter(pk=resolved.pk).update(status=AlertStatus.RESOLVED)
    info, critical = _alert(severity=Severity.INFO), _alert(severity=Severity.CRITICAL)
    _client_for(client, StaffFactory(roles=["security_officer"]))

    listed = list(client.get(LIST).context["page"].object_list)
    assert [a.pk for a in listed] == [critical.pk, info.pk, resolved.pk]

    filtered = client.get(LIST, {"status": "open", "severity": "info"})
    assert [a.pk for a in filtered.context["page"].object_list] == [info.pk]
    partial = client.get(LIST, {"status": "resolved"}, HTTP_HX_REQUEST="true")
    assert b'id="alert-table"' in partial.content
    assert b"<html" not in partial.content


def test_detail_lists_the_events_behind_the_alert(client):
    for _ in range(3):
        security_event_record(kind=EventKind.LOGIN_FAILED, username="ani@contoh.id")
    security_event_record(kind=EventKind.LOGIN_FAILED, username="budi@contoh.id")
    alert = SecurityAlert.objects.get()
    _client_for(client, StaffFactory(roles=["security_officer"]))

    response = client.get(_urls(alert)["detail"])

    events = response.context["events"]
    assert len(events) == 3
    assert {event.username_hint for event in events} == {"a***@contoh.id"}


def test_acknowledge_then_resolve_are_audited(client):
    alert = _alert()
    officer = StaffFactory(roles=["security_officer"])
    _client_for(client, officer)
    urls = _urls(alert)

    response = client.post(urls["acknowledge"])

    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACKNOWLEDGED
    assert alert.acknowledged_by_id == officer.pk
    ack = AuditEntry.objects.get(action="security_alert.acknowledge")
    assert ack.actor_id == officer.pk
    assert (ack.object_type, ack.object_id) == ("security.securityalert", str(alert.pk))

    assert client.post(urls["resolve"], {"note": ""}).status_code == 400
    response = client.post(urls["resolve"], {"note": "Uji penetrasi terjadwal."})

    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == AlertStatus.RESOLVED
    assert alert.resolved_by_id == officer.pk
    assert alert.resolution_note == "Uji penetrasi terjadwal."
    resolve = AuditEntry.objects.get(action="security_alert.resolve")
    assert resolve.object_id == str(alert.pk)
    assert "resolution_note" in resolve.changes
    # Resolved: no more actions, and acknowledging again is refused.
    detail = client.get(urls["detail"])
    assert not detail.context["can_acknowledge"] and not detail.context["can_resolve"]
    client.post(urls["acknowledge"])
    assert AuditEntry.objects.filter(action="security_alert.acknowledge").count() == 1


def test_resolution_note_is_encrypted_at_rest(client):
    alert = _alert()
    _client_for(client, StaffFactory(roles=["security_officer"]))
    client.post(_urls(alert)["resolve"], {"note": "Akun Ani Wijaya diblokir."})

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT resolution_note FROM security_securityalert WHERE id = %s",
            [alert.pk.hex if connection.vendor == "sqlite" else alert.pk],
        )
        (stored,) = cursor.fetchone()
    assert stored
    assert "Ani" not in stored


def test_unknown_alert_is_404(client):
    _client_for(client, StaffFactory(roles=["security_officer"]))
    url = reverse("security:alert-detail", kwargs={"alert_id": uuid.uuid4()})
    assert client.get(url).status_code == 404
