# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from django.core import mail

import pytest

from balai.notifications.backends.base import DeliveryError
from balai.notifications.backends.smtp import SmtpBackend
from balai.notifications.models import Message

pytestmark = pytest.mark.django_db

EMAIL = "siti@contoh.id"


def email(**overrides) -> Message:
    fields = {
        "channel": "email",
        "recipient": EMAIL,
        "template": "generic",
        "subject": "Permohonan diterima",
        "body": "Permohonan Anda kami terima.",
    }
    fields.update(overrides)
    return Message.objects.create(**fields)


@pytest.fixture
def real_smtp(settings, smtp_sink):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_TIMEOUT = 5
    return smtp_sink


def test_smtp_backend_sends_through_a_local_smtp_server(real_smtp):
    message = email()
    provider_id = SmtpBackend().send(message)
    [sent] = real_smtp.messages
    assert EMAIL in sent["rcpt"][0]
    assert "Subject: Permohonan diterima" in sent["data"]
    assert str(message.pk) in provider_id
    assert provider_id in sent["data"]


@pytest.mark.parametrize(
    ("reply", "is_permanent"), [("550 no such user", True), ("451 try later", False)]
)
def test_smtp_refusal_maps_to_permanent_or_temporary(real_smtp, reply, is_permanent):
    real_smtp.rcpt_reply = reply
    with pytest.raises(DeliveryError) as caught:
        SmtpBackend().send(email())
    assert caught.value.permanent is is_permanent
    assert EMAIL not in caught.value.message


def test_smtp_server_down_is_temporary(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    with pytest.raises(DeliveryError) as caught:
        SmtpBackend().send(email())
    assert caught.value.permanent is False


def test_smtp_backend_uses_djangos_email_backend(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    SmtpBackend().send(email())
    [sent] = mail.outbox
    assert sent.to == [EMAIL]
    assert sent.subject == "Permohonan diterima"


def test_smtp_backend_refuses_other_channels():
    with pytest.raises(DeliveryError) as caught:
        SmtpBackend().send(email(channel="sms", recipient="0812345678"))
    assert caught.value.permanent is True
