# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import logging

import pytest

from balai.notifications.privacy import mask_recipient, scrub
from balai.notifications.services import message_send
from balai.notifications.tests.doubles import permanent, temporary

pytestmark = pytest.mark.django_db

EMAIL = "rahasia.warga@contoh.id"
PHONE = "+6281234567890"


@pytest.mark.parametrize(
    ("recipient", "masked"),
    [
        (EMAIL, "r***@contoh.id"),
        (PHONE, "+62812****890"),
        ("0812-3456-7890", "+62812****890"),
        ("123", "***"),
        ("", ""),
    ],
)
def test_mask_recipient(recipient, masked):
    assert mask_recipient(recipient) == masked


def test_scrub_removes_every_spelling_of_a_phone_number():
    text = "Rejected 081234567890, 6281234567890 and +6281234567890"
    cleaned = scrub(text, PHONE, limit=500)
    assert "1234567890" not in cleaned
    assert cleaned.count("[recipient]") == 3


def test_scrub_truncates():
    assert len(scrub("x" * 1000, EMAIL, limit=500)) == 500


@pytest.mark.parametrize(
    ("channel", "recipient"), [("email", EMAIL), ("sms", PHONE), ("whatsapp", PHONE)]
)
def test_recipient_never_reaches_the_logs(
    caplog, flaky, channel, recipient, django_capture_on_commit_callbacks
):
    flaky.reset(temporary(f"{recipient} busy"), permanent(f"{recipient} unknown"))
    caplog.set_level(logging.DEBUG)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            message_send(
                channel=channel,
                recipient=recipient,
                template="signup_code",
                context={"name": "Warga", "code": "112233", "minutes": 15},
                sensitive=True,
            )
    assert caplog.records, "delivery should log its outcome"
    logged = caplog.text + " ".join(str(r.args) for r in caplog.records)
    assert recipient not in logged
    assert recipient.lstrip("+") not in logged
    assert "112233" not in logged
