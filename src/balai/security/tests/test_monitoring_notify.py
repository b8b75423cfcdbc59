# SPDX-License-Identifier: EUPL-1.2
"""New alerts reach every active security officer (accounts subscribes to them)."""

from __future__ import annotations

import uuid

from django.urls import reverse
from django.utils import timezone

import pytest

from balai.accounts.tests.factories import StaffFactory, UserFactory
from balai.security.monitoring import rules
from balai.security.monitoring.constants import EventKind, RuleCode, Severity
from balai.security.monitoring.models import SecurityAlert
from balai.security.monitoring.services import alert_raise, security_event_record

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("monitoring", "low_thresholds", "immediate_on_commit"),
]


def _raise_lockout_alert() -> SecurityAlert:
    security_event_record(kind=EventKind.LOCKOUT, username="siti@contoh.id")
    return SecurityAlert.objects.get()


def test_active_security_officers_get_the_alert_in_their_language(outbox):
    english = StaffFactory(
        roles=["security_officer"], email="keamanan1@uji.balai.test", language="en"
    )
    StaffFactory(roles=["security_officer"], email="keamanan2@uji.balai.test")
    StaffFactory(roles=["security_officer"], is_active=False)
    StaffFactory(roles=["auditor"])
    UserFactory()

    alert = _raise_lockout_alert()

    assert sorted(m.recipient for m in outbox) == [
        "keamanan1@uji.balai.test",
        "keamanan2@uji.balai.test",
    ]
    assert {m.template for m in outbox} == {"security_alert"}
    sent = {m.recipient: m for m in outbox}
    to_english = sent[english.email]
    assert to_english.language == "en"
    assert (
        to_english.subject
        == "Security alert (Warning): Login locked out (s***@contoh.id)"
    )
    path = reverse("security:alert-detail", kwargs={"alert_id": alert.pk})
    assert path in to_english.body
    assert "siti@" not in to_english.body


def test_officer_preferring_sms_gets_an_sms(outbox):
    StaffFactory(
        roles=["security_officer"], phone="+6281234567890", preferred_channel="sms"
    )
    _raise_lockout_alert()
    assert [(m.channel, m.recipient) for m in outbox] == [("sms", "+6281234567890")]


def test_updates_of_an_open_alert_do_not_notify_again(outbox):
    StaffFactory(roles=["security_officer"])
    actor_id = uuid.uuid4()
    for _ in range(5):
        security_event_record(kind=EventKind.PERMISSION_DENIED, actor_id=actor_id)

    assert SecurityAlert.objects.get().event_count == 5
    assert len(outbox) == 1


def _trigger(severity: str) -> rules.Trigger:
    return rules.Trigger(
        rule=RuleCode.PERMISSION_DENIALS,
        target="192.0.2.7",
        dedup_key="test:escalation",
        severity=severity,
        count=1,
        new_events=1,
        window_start=timezone.now(),
        event_filter={"kind": EventKind.PERMISSION_DENIED},
    )


def test_escalation_to_a_graver_severity_notifies_again(outbox):
    StaffFactory(roles=["security_officer"], language="en")
    alert_raise(trigger=_trigger(Severity.WARNING))
    alert_raise(trigger=_trigger(Severity.WARNING))
    assert len(outbox) == 1

    alert_raise(trigger=_trigger(Severity.CRITICAL))

    assert SecurityAlert.objects.get().severity == Severity.CRITICAL
    assert [m.subject.split(":")[0] for m in outbox] == [
        "Security alert (Warning)",
        "Security alert (Critical)",
    ]
