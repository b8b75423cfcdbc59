# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

import pytest

from balai.core.errors import BalaiError, Conflict
from balai.payments import codes, services
from balai.payments.constants import ErrorCode, OrderStatus
from balai.payments.models import PaymentOrder
from balai.payments.tests import support

pytestmark = pytest.mark.django_db


def test_an_order_gets_valid_billing_codes_for_its_exact_amount() -> None:
    order = support.order(810000)
    assert order.status == OrderStatus.PENDING
    assert codes.va_is_valid(order.va_number)
    assert order.va_number.startswith("8808")
    assert codes.qris_parse(order.qris_payload)["54"] == "810000"
    assert order.expires_at > timezone.now()


@pytest.mark.parametrize("amount", ["0", "-1", "1.5", "abc", "1e20", "NaN"])
def test_amounts_that_are_not_whole_rupiah_are_refused(amount: str) -> None:
    with pytest.raises(BalaiError) as error:
        support.order(amount)  # type: ignore[arg-type]
    assert error.value.code == ErrorCode.INVALID_AMOUNT
    assert "amount" in error.value.field_errors
    assert not PaymentOrder.objects.exists()


def test_a_reference_of_no_registered_kind_is_refused() -> None:
    with pytest.raises(BalaiError) as error:
        support.order(reference="NOPE-1")
    assert error.value.code == ErrorCode.INVALID_REFERENCE


def test_asking_again_returns_the_open_order_and_a_paid_one_is_refused() -> None:
    first = support.order(5000, reference="TST-A1")
    assert support.order(5000, reference="TST-A1").pk == first.pk
    first.status = OrderStatus.PAID
    first.paid_at = timezone.now()
    first.save()
    with pytest.raises(Conflict):
        support.order(5000, reference="TST-A1")


def test_a_changed_amount_cancels_the_old_code_and_an_expired_one_is_replaced() -> None:
    first = support.order(5000, reference="TST-A2")
    second = support.order(6000, reference="TST-A2")
    first.refresh_from_db()
    assert first.status == OrderStatus.CANCELLED and second.amount == Decimal(6000)
    PaymentOrder.objects.filter(pk=second.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    third = support.order(6000, reference="TST-A2")
    second.refresh_from_db()
    assert second.status == OrderStatus.EXPIRED and third.pk != second.pk


def test_partial_and_excess_payments_are_refused() -> None:
    order = support.order(150000)
    for amount in ("100000", "150001"):
        with pytest.raises(BalaiError) as error:
            services.payment_check(order, amount)
        assert error.value.code == ErrorCode.PARTIAL_PAYMENT
    assert services.payment_check(order, "150000") == Decimal(150000)


def test_an_expired_billing_code_is_refused() -> None:
    order = support.order(150000)
    PaymentOrder.objects.filter(pk=order.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    order.refresh_from_db()
    with pytest.raises(BalaiError) as error:
        services.payment_check(order, "150000")
    assert error.value.code == ErrorCode.ORDER_EXPIRED
    with pytest.raises(BalaiError) as error:
        services.order_for_billing_code(order.va_number)
    assert error.value.code == ErrorCode.ORDER_EXPIRED


def test_a_mistyped_virtual_account_is_refused_before_lookup() -> None:
    order = support.order(150000)
    assert services.order_for_billing_code(order.va_number).pk == order.pk
    wrong = order.va_number[:-1] + str((int(order.va_number[-1]) + 1) % 10)
    with pytest.raises(BalaiError) as error:
        services.order_for_billing_code(wrong)
    assert error.value.code == ErrorCode.INVALID_BILLING_CODE
