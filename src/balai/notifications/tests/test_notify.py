# SPDX-License-Identifier: EUPL-1.2
"""``user_notify``: the one way every app tells a person something."""

from __future__ import annotations

import pytest

from balai.accounts.tests.factories import UserFactory
from balai.core.links import public_reverse, public_url
from balai.notifications.models import Message
from balai.notifications.services import contact_for, user_notify

pytestmark = pytest.mark.django_db

CONTEXT = {"subject": "Permohonan diterima", "body": "Nomor PMH-2026-000001."}


def test_nothing_is_queued_before_the_callers_transaction_commits(
    django_capture_on_commit_callbacks, outbox
):
    user = UserFactory(language="en")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        user_notify(user_id=str(user.pk), template="generic", context=CONTEXT)
    assert Message.objects.count() == 0
    assert len(callbacks) == 1


def test_after_commit_the_message_is_rendered_queued_and_delivered(
    django_capture_on_commit_callbacks, outbox
):
    user = UserFactory(email="ani@contoh.id", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        user_notify(user_id=str(user.pk), template="generic", context=CONTEXT)
    message = Message.objects.get()
    assert (message.channel, message.recipient) == ("email", "ani@contoh.id")
    assert message.language == "en"
    assert message.subject == "Permohonan diterima"
    assert str(message.user_id) == str(user.pk)
    assert [m.recipient for m in outbox] == ["ani@contoh.id"]


def test_the_preferred_channel_wins_when_the_person_has_an_address_for_it():
    both = UserFactory.build(email="a@contoh.id", phone="+6281234567890")
    both.preferred_channel = "sms"
    assert contact_for(both) == ("sms", "+6281234567890")
    both.preferred_channel = "email"
    assert contact_for(both) == ("email", "a@contoh.id")
    phone_only = UserFactory.build(email="", phone="+6281234567890")
    phone_only.preferred_channel = "email"
    assert contact_for(phone_only) == ("sms", "+6281234567890")
    nobody = UserFactory.build(email="", phone="")
    assert contact_for(nobody) is None


def test_unreachable_or_inactive_people_are_skipped_without_error(
    django_capture_on_commit_callbacks,
):
    unreachable = UserFactory(email="", phone="")
    inactive = UserFactory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        for user in (unreachable, inactive):
            user_notify(user_id=str(user.pk), template="generic", context=CONTEXT)
    assert Message.objects.count() == 0


def test_a_context_that_is_not_json_safe_is_refused_at_once():
    user = UserFactory.build()
    with pytest.raises(TypeError, match="JSON-safe"):
        user_notify(user_id=str(user.pk), template="generic", context={"u": user})


def test_links_are_absolute_on_the_public_address(settings):
    settings.PUBLIC_BASE_URL = "https://balai.example.go.id"
    assert public_url("/laporan/") == "https://balai.example.go.id/laporan/"
    assert public_reverse("portal:home") == "https://balai.example.go.id/"
