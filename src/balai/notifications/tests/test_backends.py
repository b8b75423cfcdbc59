# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import json

from django.core.exceptions import ImproperlyConfigured

import pytest

from balai.notifications.backends import get_backend
from balai.notifications.backends.base import DeliveryError
from balai.notifications.backends.console import ConsoleBackend
from balai.notifications.backends.file import FileBackend
from balai.notifications.backends.http import HttpGatewayBackend
from balai.notifications.backends.memory import MemoryBackend
from balai.notifications.constants import Status
from balai.notifications.models import Message
from balai.notifications.services import message_send

pytestmark = pytest.mark.django_db

PHONE = "081234567890"


def sms(**overrides) -> Message:
    fields = {
        "channel": "sms",
        "recipient": PHONE,
        "template": "generic",
        "subject": "Info",
        "body": "Berkas Anda siap diambil.",
    }
    fields.update(overrides)
    return Message.objects.create(**fields)


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("console", ConsoleBackend),
        ("file", FileBackend),
        ("memory", MemoryBackend),
        ("http", HttpGatewayBackend),
        ("balai.notifications.backends.memory.MemoryBackend", MemoryBackend),
    ],
)
def test_backend_is_chosen_per_channel_by_setting(settings, name, cls):
    settings.NOTIFICATIONS = {**settings.NOTIFICATIONS, "sms": name}
    assert isinstance(get_backend("sms"), cls)


@pytest.mark.parametrize("name", ["pigeon", "", "balai.notifications.models.Message"])
def test_bad_backend_setting_is_improperly_configured(settings, name):
    settings.NOTIFICATIONS = {**settings.NOTIFICATIONS, "sms": name}
    with pytest.raises(ImproperlyConfigured):
        get_backend("sms")


def test_file_backend_writes_one_readable_json_file(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS = {
        **settings.NOTIFICATIONS,
        "email": "file",
        "file_dir": str(tmp_path / "out"),
    }
    with django_capture_on_commit_callbacks(execute=True):
        message = message_send(
            channel="email",
            recipient="budi@contoh.id",
            template="signup_code",
            context={"name": "Budi", "code": "731905", "minutes": 15},
            sensitive=True,
        )
    files = list((tmp_path / "out").glob("*.json"))
    assert len(files) == 1
    assert files[0].name.endswith(f"-{message.pk}.json")
    document = json.loads(files[0].read_text(encoding="utf-8"))
    assert document["channel"] == "email"
    assert document["recipient"] == "budi@contoh.id"
    assert document["subject"] == "Kode verifikasi Balai Anda"
    assert "731905" in document["body"]
    assert files[0].stat().st_mode & 0o077 == 0
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.provider_message_id == files[0].name


def test_console_backend_masks_the_recipient(capsys):
    ConsoleBackend().send(sms())
    printed = capsys.readouterr().out
    assert "Berkas Anda siap diambil." in printed
    assert PHONE not in printed
    assert "+62812****890" in printed


def test_http_backend_posts_json_with_bearer_token(settings, gateway):
    settings.NOTIFICATIONS = {
        **settings.NOTIFICATIONS,
        "sms_url": gateway.url,
        "sms_token": "rahasia",
    }
    provider_id = HttpGatewayBackend().send(sms())
    assert provider_id == "gw-1"
    [request] = gateway.requests
    assert request["authorization"] == "Bearer rahasia"
    assert request["json"] == {
        "to": PHONE,
        "text": "Berkas Anda siap diambil.",
        "channel": "sms",
    }


@pytest.mark.parametrize(
    ("status", "is_permanent"), [(400, True), (404, True), (429, False), (500, False)]
)
def test_http_backend_maps_gateway_errors(settings, gateway, status, is_permanent):
    settings.NOTIFICATIONS = {**settings.NOTIFICATIONS, "whatsapp_url": gateway.url}
    gateway.status = status
    with pytest.raises(DeliveryError) as caught:
        HttpGatewayBackend().send(sms(channel="whatsapp"))
    assert caught.value.permanent is is_permanent
    assert f"HTTP {status}" in caught.value.message
    assert PHONE not in caught.value.message


def test_http_backend_unreachable_gateway_is_temporary(settings):
    settings.NOTIFICATIONS = {
        **settings.NOTIFICATIONS,
        "sms_url": "http://127.0.0.1:9/send",
        "http_timeout": 2,
    }
    with pytest.raises(DeliveryError) as caught:
        HttpGatewayBackend().send(sms())
    assert caught.value.permanent is False


@pytest.mark.parametrize("url", ["", "file:///etc/passwd"])
def test_http_backend_without_usable_url_says_so(settings, url):
    settings.NOTIFICATIONS = {**settings.NOTIFICATIONS, "sms_url": url}
    with pytest.raises(DeliveryError) as caught:
        HttpGatewayBackend().send(sms())
    assert caught.value.permanent is False
    assert "gateway URL" in caught.value.message


def test_http_gateway_end_to_end_through_the_service(
    settings, gateway, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS = {
        **settings.NOTIFICATIONS,
        "sms": "http",
        "sms_url": gateway.url,
    }
    gateway.status = 400
    with django_capture_on_commit_callbacks(execute=True):
        message = message_send(
            channel="sms",
            recipient=PHONE,
            template="generic",
            context={"subject": "Info", "body": "Halo"},
        )
    message.refresh_from_db()
    assert message.status == Status.DEAD
    assert message.last_error == "The sms gateway answered HTTP 400."
