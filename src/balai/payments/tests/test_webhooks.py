# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

import pytest

from balai.payments import services
from balai.payments.constants import OrderStatus, Outcome, RefundStatus
from balai.payments.models import (
    PaymentNotification,
    PaymentOrder,
    Refund,
    SettlementOutbox,
)
from balai.payments.tests import support
from balai.security.monitoring.models import SecurityEvent

pytestmark = pytest.mark.django_db


def test_a_signed_settlement_settles_the_order_and_the_payable_once(client) -> None:
    order = support.order(150000)
    body = support.event(order)
    response = support.post(client, body, **support.signed_headers(body))
    assert response.status_code == 200, response.content
    assert response.json()["events"][0]["outcome"] == Outcome.SETTLED
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and order.paid_amount == Decimal(150000)
    assert [s.reference for s in support.settled] == [order.reference]
    assert SettlementOutbox.objects.get(order=order).delivered_at is not None


def test_the_same_webhook_ten_times_settles_once(client) -> None:
    order = support.order(150000)
    body = support.event(order)
    outcomes = []
    for _ in range(10):
        response = support.post(client, body, **support.signed_headers(body))
        assert response.status_code == 200
        outcomes.append(response.json()["events"][0])
    assert outcomes[0]["duplicate"] is False
    assert all(item["duplicate"] for item in outcomes[1:])
    assert len(support.settled) == 1
    assert PaymentNotification.objects.count() == 1
    assert SettlementOutbox.objects.count() == 1


def test_out_of_order_pending_after_settled_changes_nothing(client) -> None:
    order = support.order(150000)
    now = timezone.now()
    settled = support.event(order, at=now)
    pending = support.event(order, status="pending", at=now - dt.timedelta(seconds=5))
    assert (
        support.post(client, settled, **support.signed_headers(settled)).status_code
        == 200
    )
    response = support.post(client, pending, **support.signed_headers(pending))
    assert response.json()["events"][0]["outcome"] == Outcome.LATE
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert len(support.settled) == 1


@pytest.mark.parametrize(
    "fault", ["forged", "wrong_secret", "missing", "stale", "future"]
)
def test_bad_signatures_are_refused_with_401_and_a_security_event(
    client, fault
) -> None:
    order = support.order(150000)
    body = support.event(order)
    now = int(timezone.now().timestamp())
    headers = {
        "forged": support.signed_headers(body.replace(b"150000", b"1")),
        "wrong_secret": support.signed_headers(body, secret=b"not the secret"),
        "missing": {},
        "stale": support.signed_headers(body, timestamp=now - 3600),
        "future": support.signed_headers(body, timestamp=now + 3600),
    }[fault]
    response = support.post(client, body, **headers)
    assert response.status_code == 401
    problem = response.json()
    assert problem["code"] in {"bad_signature", "stale_signature"}
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING
    assert not PaymentNotification.objects.exists() and not support.settled
    event = SecurityEvent.objects.get()
    assert event.details["provider"] == "simulator"
    assert event.details["reason"] == problem["code"]


def test_unknown_provider_and_malformed_bodies_get_clear_errors(client) -> None:
    order = support.order(150000)
    body = support.event(order)
    assert support.post(client, body, provider="nobank").status_code == 404
    bad = b'{"event_id": "x", "status": "paid-ish"}'
    response = support.post(client, bad, **support.signed_headers(bad))
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_notification"
    assert not support.settled


def test_a_second_payment_of_a_paid_order_is_flagged_for_refund(client) -> None:
    order = support.order(150000)
    first = support.event(order, transaction_id="TX-A")
    second = support.event(order, transaction_id="TX-B")
    support.post(client, first, **support.signed_headers(first))
    response = support.post(client, second, **support.signed_headers(second))
    assert response.json()["events"][0]["outcome"] == Outcome.REFUND
    refund = Refund.objects.get()
    assert refund.order == order and refund.status == RefundStatus.FLAGGED
    assert refund.amount == Decimal(150000)
    assert len(support.settled) == 1


def test_the_revenue_officers_are_told_of_a_flagged_refund(client) -> None:
    from balai.accounts.constants import Role
    from balai.accounts.tests.factories import AgencyFactory, StaffFactory
    from balai.notifications.models import Message

    bapenda = AgencyFactory(code="bapenda")
    officer = StaffFactory(agency=bapenda)
    head = StaffFactory(agency=bapenda, roles=[Role.AGENCY_HEAD])
    StaffFactory()  # an officer of another agency: not told
    StaffFactory(agency=bapenda, is_active=False)  # gone: not told
    order = support.order(150000)
    first = support.event(order, transaction_id="TX-A")
    second = support.event(order, transaction_id="TX-B")
    # support.post runs the after-commit callbacks (the tasks) of each request
    support.post(client, first, **support.signed_headers(first))
    assert not Message.objects.filter(template="payments_refund_flagged").exists()
    support.post(client, second, **support.signed_headers(second))
    # the same second payment told again: flagged and told once
    support.post(client, second, **support.signed_headers(second))
    told = Message.objects.filter(template="payments_refund_flagged")
    assert {m.user_id for m in told} == {officer.pk, head.pk}
    assert told.count() == 2
    assert all(order.reference in m.subject for m in told)


def test_the_refund_message_names_the_cause_in_the_readers_language() -> None:
    from balai.notifications.rendering import render_message

    context = {
        "reference": "PBB-2026-327301000100100010",
        "amount": "Rp150.000",
        "provider": "simulator",
        "cause": "expired",
        "link": "http://balai.test/pembayaran/petugas/",
    }
    indonesian = render_message(
        template="payments_refund_flagged", context=context, language="id"
    )
    assert "kode bayar kedaluwarsa" in indonesian.body
    assert "Rp150.000" in indonesian.body and context["link"] in indonesian.body
    english = render_message(
        template="payments_refund_flagged", context=context, language="en"
    )
    assert "after the billing code expired" in english.body


def test_a_wrong_amount_or_a_payment_after_expiry_settles_nothing(client) -> None:
    short = support.order(150000)
    body = support.event(short, amount=100000)
    response = support.post(client, body, **support.signed_headers(body))
    assert response.json()["events"][0]["outcome"] == Outcome.REFUSED
    late = support.order(150000)
    PaymentOrder.objects.filter(pk=late.pk).update(
        expires_at=timezone.now() - dt.timedelta(hours=1)
    )
    body = support.event(late, transaction_id="TX-late")
    response = support.post(client, body, **support.signed_headers(body))
    assert response.json()["events"][0]["outcome"] == Outcome.REFUND
    assert Refund.objects.count() == 2 and not support.settled
    assert not PaymentOrder.objects.filter(status=OrderStatus.PAID).exists()


def test_an_unknown_order_is_recorded_but_changes_nothing(client) -> None:
    order = support.order(150000)
    body = support.event(order).replace(str(order.pk).encode(), b"not-an-order")
    response = support.post(client, body, **support.signed_headers(body))
    assert response.json()["events"][0]["outcome"] == Outcome.UNKNOWN_ORDER


def test_a_crash_after_settlement_loses_nothing_and_doubles_nothing(
    client, django_capture_on_commit_callbacks
) -> None:
    """The process dies after the settlement commits and before the task runs: the
    on-commit callbacks are dropped (never executed), as they would be."""
    order = support.order(150000)
    body = support.event(order)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            "/api/v1/payments/webhooks/simulator/",
            data=body,
            content_type="application/json",
            **support.signed_headers(body),
        )
    assert response.status_code == 200
    assert len(callbacks) == 1 and not support.settled
    outbox = SettlementOutbox.objects.get(order=order)
    assert outbox.delivered_at is None
    # after the restart: the sweep delivers it once, the late task and sweep skip it
    assert services.settlements_deliver_pending() == 1
    assert services.settlement_deliver(outbox_id=outbox.pk) is False
    assert services.settlements_deliver_pending() == 0
    assert [s.reference for s in support.settled] == [order.reference]


def test_a_failing_payable_leaves_the_settlement_to_deliver_later(client) -> None:
    order = support.order(150000)
    body = support.event(order)
    support.failing["on"] = True
    assert support.post(client, body, **support.signed_headers(body)).status_code == 200
    outbox = SettlementOutbox.objects.get(order=order)
    assert outbox.delivered_at is None and outbox.attempts == 1
    assert "payable unavailable" in outbox.last_error
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID  # the money is recorded regardless
    support.failing["on"] = False
    assert services.settlements_deliver_pending() == 1
    assert len(support.settled) == 1
