# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

import pytest

from balai.core.errors import BalaiError, NotFound
from balai.notifications.constants import REDACTED_BODY, Status
from balai.notifications.models import Message
from balai.notifications.services import (
    message_deliver,
    message_send,
    messages_deliver_due,
    retry_delay,
)
from balai.notifications.tests.doubles import permanent, temporary

pytestmark = pytest.mark.django_db

CODE = {"name": "Nur Aini", "code": "482913", "minutes": 15}
EMAIL = "nur.aini@contoh.id"


def send(**overrides):
    arguments = {
        "channel": "email",
        "recipient": EMAIL,
        "template": "signup_code",
        "context": CODE,
        "language": "id",
        "sensitive": True,
    }
    arguments.update(overrides)
    return message_send(**arguments)


def make_due(message: Message) -> None:
    Message.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - dt.timedelta(seconds=1)
    )


def test_send_delivers_after_commit_through_the_task(
    outbox, django_capture_on_commit_callbacks
):
    user_id = str(uuid.uuid4())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = send(user_id=user_id, sensitive=False)
        assert outbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    assert message.provider_message_id == "memory-1"
    assert str(message.user_id) == user_id
    assert [m.recipient for m in outbox] == [EMAIL]
    assert "482913" in outbox[0].body
    assert "482913" in message.body


def test_sensitive_body_is_redacted_after_delivery(
    outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = send(channel="sms", recipient="081234567890")
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.body == REDACTED_BODY
    assert "482913" in outbox[0].body
    assert not any(
        "482913" in body for body in Message.objects.values_list("body", flat=True)
    )


def test_message_is_queued_until_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        message = send()
    message.refresh_from_db()
    assert message.status == Status.QUEUED
    assert message.max_attempts == 5
    assert message.language == "id"
    assert message.subject == "Kode verifikasi Balai Anda"


def test_deliver_twice_sends_once(outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        message = send()
    message_deliver(message_id=str(message.pk))
    again = message_deliver(message_id=str(message.pk))
    assert again.status == Status.SENT
    assert again.attempts == 1
    assert len(outbox) == 1


def test_temporary_failure_backs_off_then_dies(
    flaky, django_capture_on_commit_callbacks
):
    flaky.reset(temporary(), temporary(), temporary())
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        message = send(sensitive=True)
    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert message.attempts == 1
    assert message.last_error == "Gateway busy."
    assert message.body != REDACTED_BODY  # still needed for the retry
    assert message.next_attempt_at >= before + dt.timedelta(minutes=1)

    # Not due yet: delivering again does nothing.
    assert message_deliver(message_id=str(message.pk)).attempts == 1
    assert len(flaky.calls) == 1

    make_due(message)
    message = message_deliver(message_id=str(message.pk))
    assert message.status == Status.FAILED
    assert message.attempts == 2
    assert message.next_attempt_at >= timezone.now() + dt.timedelta(minutes=4)

    make_due(message)
    message = message_deliver(message_id=str(message.pk))
    assert message.status == Status.DEAD  # max_attempts is 3 in the flaky fixture
    assert message.attempts == 3
    assert message.next_attempt_at is None
    assert message.body == REDACTED_BODY
    assert len(flaky.calls) == 3


def test_permanent_failure_is_dead_at_once(flaky, django_capture_on_commit_callbacks):
    flaky.reset(permanent())
    with django_capture_on_commit_callbacks(execute=True):
        message = send(sensitive=False)
    message.refresh_from_db()
    assert message.status == Status.DEAD
    assert message.attempts == 1
    assert message.last_error == "Number does not exist."
    make_due(message)
    assert message_deliver(message_id=str(message.pk)).status == Status.DEAD
    assert len(flaky.calls) == 1


def test_last_error_never_holds_the_recipient(
    flaky, django_capture_on_commit_callbacks
):
    flaky.reset(temporary(f"Mailbox {EMAIL.upper()} is full"))
    with django_capture_on_commit_callbacks(execute=True):
        message = send()
    message.refresh_from_db()
    assert EMAIL not in message.last_error.lower()
    assert "[recipient]" in message.last_error


def test_crashing_backend_counts_as_temporary(
    flaky, django_capture_on_commit_callbacks
):
    flaky.reset(RuntimeError(f"boom for {EMAIL}"))
    with django_capture_on_commit_callbacks(execute=True):
        message = send()
    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert message.last_error == "Unexpected RuntimeError in the email backend."


def test_unknown_backend_setting_is_recorded_not_raised(
    settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS = {**settings.NOTIFICATIONS, "email": "carrier-pigeon"}
    with django_capture_on_commit_callbacks(execute=True):
        message = send()
    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert "carrier-pigeon" in message.last_error


def test_retry_delays_grow_exponentially():
    minutes = [retry_delay(n).total_seconds() / 60 for n in range(1, 6)]
    assert minutes == [1, 5, 25, 125, 625]
    assert retry_delay(10) == dt.timedelta(hours=12)


def test_deliver_due_sends_queued_and_retries_failed(
    flaky, django_capture_on_commit_callbacks
):
    flaky.reset(temporary())
    with django_capture_on_commit_callbacks(execute=False):
        first = send()
        second = send(recipient="lain@contoh.id")
    assert messages_deliver_due() == 2
    statuses = dict(Message.objects.values_list("id", "status"))
    assert sorted(statuses.values()) == [Status.FAILED, Status.SENT]
    assert messages_deliver_due() == 0  # the failed one waits for its backoff
    make_due(first)
    make_due(second)
    assert messages_deliver_due() == 1
    assert set(Message.objects.values_list("status", flat=True)) == {Status.SENT}


def test_expired_sending_lease_is_taken_over(
    outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        message = send()
    Message.objects.filter(pk=message.pk).update(
        status=Status.SENDING,
        attempts=1,
        next_attempt_at=timezone.now() + dt.timedelta(minutes=5),
    )
    assert messages_deliver_due() == 0  # another worker still holds it
    make_due(message)
    assert messages_deliver_due() == 1
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 2


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"channel": "pigeon"}, "unknown_channel"),
        ({"recipient": "  "}, "missing_recipient"),
        ({"template": "nope"}, "unknown_template"),
    ],
)
def test_send_rejects_bad_input(overrides, code):
    with pytest.raises(BalaiError) as caught:
        send(**overrides)
    assert caught.value.code == code
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    "message_id",
    ["0b6c1e4e-6f59-4d55-9d5e-1d2f3c4b5a69", "not-a-uuid"],
    ids=["unknown-uuid", "not-a-uuid"],
)
def test_deliver_unknown_message_is_not_found(message_id):
    with pytest.raises(NotFound):
        message_deliver(message_id=message_id)


def test_str_does_not_show_the_recipient(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        message = send()
    assert EMAIL not in str(message)
    assert "signup_code" in str(message)
