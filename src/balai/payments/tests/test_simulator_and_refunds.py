# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import datetime as dt
import json

from django.core.exceptions import PermissionDenied
from django.test import TestCase, override_settings
from django.utils import timezone

import pytest

from balai.accounts.constants import Role
from balai.accounts.tests.factories import AgencyFactory, StaffFactory
from balai.core.errors import BalaiError
from balai.payments import services
from balai.payments.backends.midtrans import signature_key
from balai.payments.constants import ErrorCode, OrderStatus, Outcome, RefundStatus
from balai.payments.models import PaymentNotification, PaymentOrder, Refund
from balai.payments.tests import support
from balai.security.monitoring.models import SecurityEvent

pytestmark = pytest.mark.django_db


def test_the_hosted_page_shows_the_codes_and_pays_through_webhooks(client) -> None:
    order = support.order(150000)
    url = f"/bayar/simulator/{order.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert order.va_number in page.content.decode()
    assert "<svg" in page.content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, {"channel": "va", "amount": "150000"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    # the simulator sent settled, a late pending and the settlement again
    outcomes = sorted(PaymentNotification.objects.values_list("outcome", flat=True))
    assert outcomes == sorted([Outcome.SETTLED, Outcome.LATE])
    assert len(support.settled) == 1


def test_the_hosted_page_refuses_a_partial_amount_and_keeps_it(client) -> None:
    order = support.order(150000)
    response = client.post(
        f"/bayar/simulator/{order.pk}/", {"channel": "va", "amount": "100000"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert 'value="100000"' in text and "150.000" in text
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING


def test_the_hosted_page_refuses_an_expired_code(client) -> None:
    order = support.order(150000)
    PaymentOrder.objects.filter(pk=order.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    response = client.post(
        f"/bayar/simulator/{order.pk}/", {"channel": "qris", "amount": "150000"}
    )
    assert response.status_code == 400
    assert not support.settled


def test_the_hosted_page_is_gone_without_the_simulator(client, settings) -> None:
    order = support.order(150000)
    settings.PAYMENTS = {**settings.PAYMENTS, "providers": []}
    assert client.get(f"/bayar/simulator/{order.pk}/").status_code == 404


def _flagged() -> Refund:
    order = support.order(150000)
    for tx in ("TX-1", "TX-2"):
        services.notification_apply(
            provider="simulator",
            event=services.Notification(
                event_id=tx,
                order_key=str(order.pk),
                status="settled",  # type: ignore[arg-type]
                amount=order.amount,
                transaction_id=tx,
                occurred_at=timezone.now(),
            ),
        )
    return Refund.objects.get()


def test_a_refund_needs_a_second_officer() -> None:
    bapenda = AgencyFactory(code="bapenda")
    first = StaffFactory(agency=bapenda)
    second = StaffFactory(roles=[Role.FINANCE_OFFICER])
    refund = _flagged()
    with pytest.raises(BalaiError) as error:
        services.refund_request(actor=first, refund_id=refund.pk, reason="short")
    assert error.value.code == ErrorCode.INVALID_REASON
    services.refund_request(
        actor=first, refund_id=refund.pk, reason="Dibayar dua kali lewat VA."
    )
    with pytest.raises(BalaiError) as error:
        services.refund_decide(actor=first, refund_id=refund.pk, approve=True)
    assert error.value.code == ErrorCode.FOUR_EYES
    decided = services.refund_decide(actor=second, refund_id=refund.pk, approve=True)
    assert decided.status == RefundStatus.APPROVED and decided.decided_by == second


def test_other_staff_may_not_touch_refunds() -> None:
    refund = _flagged()
    outsider = StaffFactory()  # an officer of another agency
    with pytest.raises(PermissionDenied):
        services.refund_request(
            actor=outsider, refund_id=refund.pk, reason="Dibayar dua kali lewat VA."
        )


@override_settings()
def test_midtrans_notifications_are_verified_by_signature_key(client, settings) -> None:
    settings.PAYMENTS = {
        **settings.PAYMENTS,
        "providers": ["simulator", "midtrans"],
        "midtrans_server_key": "SB-Mid-server-uji",
    }
    order = support.order(150000)
    # the documented notification format (Core API, bank transfer)
    data = {
        "transaction_time": "2026-12-06 10:00:00",
        "transaction_status": "settlement",
        "transaction_id": "513f1f01-c9da-474c-9fc9-d5c64364b709",
        "status_message": "midtrans payment notification",
        "status_code": "200",
        "signature_key": "",
        "settlement_time": "2026-12-06 10:00:05",
        "payment_type": "bank_transfer",
        "order_id": str(order.pk),
        "merchant_id": "G000000000",
        "gross_amount": "150000.00",
        "fraud_status": "accept",
        "currency": "IDR",
        "va_numbers": [{"va_number": order.va_number, "bank": "bca"}],
    }
    data["signature_key"] = signature_key(
        data["order_id"], "200", "150000.00", "SB-Mid-server-uji"
    )
    body = json.dumps(data).encode()
    response = support.post(client, body, provider="midtrans")
    assert response.status_code == 200, response.content
    assert response.json()["events"][0]["outcome"] == Outcome.SETTLED
    assert len(support.settled) == 1
    data["signature_key"] = "0" * 128
    response = support.post(client, json.dumps(data).encode(), provider="midtrans")
    assert response.status_code == 401
    assert SecurityEvent.objects.filter(details__provider="midtrans").exists()
