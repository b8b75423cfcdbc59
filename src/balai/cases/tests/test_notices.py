# SPDX-License-Identifier: EUPL-1.2
"""Messages about applications: a template file per message, in the recipient's
language, sent after commit, each with the full link to the application."""

from __future__ import annotations

import pytest

from balai.cases import notices
from balai.cases.constants import Action
from balai.cases.tests.support import in_review, submitted
from balai.notifications.models import Message
from balai.notifications.rendering import render_message

BASE = "https://layanan.bandung.go.id"


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.PUBLIC_BASE_URL = BASE


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    "action",
    sorted(
        notices_actions := [
            Action.SUBMIT,
            Action.AWAIT_PAYMENT,
            Action.PAYMENT_SETTLED,
            Action.CLAIM,
            Action.REQUEST_REVISION,
            Action.ANSWER,
            Action.ESCALATE,
            Action.APPROVE,
            Action.COMPLETE,
            Action.REJECT,
            Action.WITHDRAW,
        ]
    ),
)
def test_every_citizen_message_has_its_own_template_in_both_languages(
    world, action, language
):
    application = submitted(world)
    context = notices.application_context(application, staff=False)
    context["reason"] = "Alasan petugas"
    rendered = render_message(
        template=f"cases_{action}", context=context, language=language
    )
    assert rendered.language == language
    assert application.number in rendered.subject
    link = f"{BASE}/permohonan/{application.pk}/"
    assert link in rendered.body
    if action in notices.REASON_SHOWN:
        assert "Alasan petugas" in rendered.body


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("kind", ["assigned", "escalated", "due_soon", "overdue"])
def test_every_staff_message_has_its_own_template_in_both_languages(
    world, kind, language
):
    application = submitted(world)
    context = notices.application_context(application, staff=True)
    rendered = render_message(
        template=f"cases_staff_{kind}", context=context, language=language
    )
    assert application.number in rendered.subject
    assert f"{BASE}/petugas/permohonan/{application.pk}/" in rendered.body
    if kind in ("due_soon", "overdue"):
        assert str(application.sla_due.year) in rendered.body


def test_nothing_is_sent_before_commit_then_the_citizen_is_told_in_english(
    world, django_capture_on_commit_callbacks
):
    world.citizen.language = "en"
    world.citizen.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        application = submitted(world)
    assert Message.objects.count() == 0 and callbacks
    for callback in callbacks:
        callback()
    message = Message.objects.get(template="cases_submit")
    assert message.recipient == world.citizen.email
    assert message.subject == f"Application {application.number} received"
    assert f"{BASE}/permohonan/{application.pk}/" in message.body
    assert "The service time ends on" in message.body


def test_answers_never_reach_a_message(world, outbox, on_commit):
    with on_commit(execute=True):
        application = in_review(world)
    secrets = [str(value) for value in application.answers.values() if value]
    assert outbox
    for message in outbox:
        for secret in secrets:
            if len(secret) > 4:
                assert secret not in message.body
