# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import uuid
from io import StringIO

from django.core.management import CommandError, call_command

import pytest

from balai.notifications.constants import Status
from balai.notifications.models import Message
from balai.notifications.selectors import message_list_for_user, message_status_counts
from balai.notifications.services import message_send

pytestmark = pytest.mark.django_db


def queue(recipient: str, user_id: str | None = None) -> Message:
    return message_send(
        channel="email",
        recipient=recipient,
        template="welcome",
        context={"name": "Rina"},
        user_id=user_id,
    )


def test_deliver_notifications_sends_due_messages(
    outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        queue("a@contoh.id")
        queue("b@contoh.id")
    out = StringIO()
    call_command("deliver_notifications", stdout=out)
    assert "Attempted 2 message(s)" in out.getvalue()
    assert "sent=2" in out.getvalue()
    assert "@" not in out.getvalue()
    assert len(outbox) == 2


def test_deliver_notifications_rejects_a_bad_limit():
    with pytest.raises(CommandError):
        call_command("deliver_notifications", "--limit", "0")


def test_message_list_for_user_shows_only_their_messages(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    mine, other = str(uuid.uuid4()), str(uuid.uuid4())
    with django_capture_on_commit_callbacks(execute=True):
        first = queue("a@contoh.id", mine)
        queue("b@contoh.id", other)
        second = queue("a@contoh.id", mine)
    with django_assert_num_queries(1):
        ids = [m.pk for m in message_list_for_user(mine)]
    assert ids == [second.pk, first.pk]
    assert list(message_list_for_user("not-a-uuid")) == []


def test_status_counts_cover_every_status(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        queue("a@contoh.id")
    counts = message_status_counts()
    assert set(counts) == set(Status.values)
    assert counts["queued"] == 1
