# SPDX-License-Identifier: EUPL-1.2
"""Concurrency on PostgreSQL: two payments of one bill at once, the same webhook
from many threads at once, and a process killed between settlement and delivery."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from django.db import connection, connections
from django.utils import timezone

import pytest

from balai.payments import services
from balai.payments.backends.base import Notification
from balai.payments.constants import NotificationStatus, OrderStatus, Outcome
from balai.payments.models import PaymentNotification, Refund, SettlementOutbox
from balai.payments.tests import support

pytestmark = pytest.mark.django_db(transaction=True)


def _needs_postgres() -> None:
    if connections["default"].vendor == "sqlite":
        pytest.skip("needs a database whose writers wait on row locks (PostgreSQL)")


def _apply(order_id: str, transaction_id: str, barrier: threading.Barrier) -> str:
    try:
        barrier.wait()
        received = services.notification_apply(
            provider="simulator",
            event=Notification(
                event_id=f"{transaction_id}-settled",
                order_key=order_id,
                status=NotificationStatus.SETTLED,
                amount=Decimal(150000),
                transaction_id=transaction_id,
                occurred_at=timezone.now(),
            ),
        )
        return received.outcome
    finally:
        connections.close_all()


def test_two_concurrent_payments_settle_once_and_flag_one_refund() -> None:
    _needs_postgres()
    order = support.order(150000)
    barrier = threading.Barrier(2)
    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(
            pool.map(lambda tx: _apply(str(order.pk), tx, barrier), ["TX-A", "TX-B"])
        )
    assert outcomes == sorted([Outcome.SETTLED, Outcome.REFUND])
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert Refund.objects.filter(order=order).count() == 1
    assert SettlementOutbox.objects.filter(order=order).count() == 1


def test_the_same_event_from_eight_threads_is_stored_once() -> None:
    _needs_postgres()
    order = support.order(150000)
    barrier = threading.Barrier(8)
    with ThreadPoolExecutor(8) as pool:
        outcomes = list(
            pool.map(lambda _n: _apply(str(order.pk), "TX-SAME", barrier), range(8))
        )
    assert outcomes.count(Outcome.SETTLED) == 8  # duplicates answer the first outcome
    assert PaymentNotification.objects.filter(order=order).count() == 1
    assert SettlementOutbox.objects.filter(order=order).count() == 1
    assert not Refund.objects.exists()


CHILD = """
import os, sys
import django
django.setup()
from django.db import transaction
from django.utils import timezone
from balai.payments import services
from balai.payments.backends.base import Notification
from balai.payments.constants import NotificationStatus
from decimal import Decimal

with transaction.atomic():
    # registered first, so it runs first after the commit: the process dies with
    # the settlement committed and the delivery task not yet enqueued
    transaction.on_commit(lambda: os._exit(9))
    services.notification_apply(
        provider="simulator",
        event=Notification(
            event_id="TX-KILL-settled", order_key=sys.argv[1],
            status=NotificationStatus.SETTLED, amount=Decimal(150000),
            transaction_id="TX-KILL", occurred_at=timezone.now(),
        ),
    )
"""


def test_a_process_killed_after_settlement_loses_nothing(settings) -> None:
    _needs_postgres()
    order = support.order(150000)
    env = {
        **os.environ,
        "BALAI_DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "balai.settings",
        "BALAI_KEYRING_FILE": str(settings.KEYRING_FILE),
        "BALAI_KEYRING": "",
    }
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(order.pk)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 9, child.stderr[-2000:]
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID  # the settlement was committed
    outbox = SettlementOutbox.objects.get(order=order)
    assert outbox.delivered_at is None and not support.settled  # not yet delivered
    assert services.settlements_deliver_pending() == 1  # after the restart
    assert services.settlements_deliver_pending() == 0
    assert [s.reference for s in support.settled] == [order.reference]


def _database_url() -> str:
    params = connection.settings_dict
    return (
        f"postgres://{params['USER']}:{params['PASSWORD'] or ''}@"
        f"{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{params['NAME']}"
    )
