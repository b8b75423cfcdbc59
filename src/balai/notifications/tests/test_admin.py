# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from django.contrib import admin
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import translation

import pytest

from balai.core.errors import BalaiError
from balai.notifications.constants import REDACTED_BODY, Status
from balai.notifications.models import Message
from balai.notifications.services import message_retry
from balai.notifications.tests.doubles import StaffUser

pytestmark = pytest.mark.django_db

RETRY = "notifications.retry_message"


def model_admin():
    return admin.site._registry[Message]


def request_for(user):
    request = RequestFactory().post("/admin/notifications/message/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def dead_message(**overrides) -> Message:
    fields = {
        "channel": "email",
        "recipient": "andi@contoh.id",
        "template": "welcome",
        "subject": "Selamat datang",
        "body": "Halo",
        "status": Status.DEAD,
        "attempts": 5,
        "max_attempts": 5,
    }
    fields.update(overrides)
    return Message.objects.create(**fields)


def test_admin_is_read_only_and_masks_the_recipient():
    message = dead_message(sensitive=True)
    request = request_for(StaffUser(perms={"notifications.view_message"}))
    model = model_admin()
    assert not model.has_add_permission(request)
    assert not model.has_change_permission(request, message)
    assert not model.has_delete_permission(request, message)
    assert "recipient" not in model.get_fields(request, message)
    assert model.masked_recipient(message) == "a***@contoh.id"
    with translation.override("en"):
        assert model.shown_body(message) == "[sensitive]"


def test_retry_action_needs_the_retry_permission():
    model = model_admin()
    assert "retry_now" not in model.get_actions(request_for(StaffUser()))
    allowed = request_for(StaffUser(perms={RETRY}))
    assert "retry_now" in model.get_actions(allowed)


def test_retry_now_sends_a_dead_message_again(
    outbox, django_capture_on_commit_callbacks
):
    message = dead_message()
    request = request_for(StaffUser(perms={RETRY}))
    with django_capture_on_commit_callbacks(execute=True):
        model_admin().retry_now(request, Message.objects.filter(pk=message.pk))
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 6
    assert [m.subject for m in outbox] == ["Selamat datang"]


def test_redacted_or_sent_messages_cannot_be_retried():
    staff = StaffUser(perms={RETRY})
    for message in (
        dead_message(sensitive=True, body=REDACTED_BODY),
        dead_message(status=Status.SENT),
    ):
        with pytest.raises(BalaiError) as caught:
            message_retry(message_id=str(message.pk), actor=staff)
        assert caught.value.code == "message_not_retryable"


def test_retry_is_denied_without_permission():
    message = dead_message()
    with pytest.raises(PermissionDenied):
        message_retry(message_id=str(message.pk), actor=StaffUser())
    message.refresh_from_db()
    assert message.status == Status.DEAD
