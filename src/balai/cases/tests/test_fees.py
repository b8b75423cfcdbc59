# SPDX-License-Identifier: EUPL-1.2
"""Fees: a payable on submission, and the domain event that settles it."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from balai.cases import services
from balai.cases.constants import PayableStatus, Status
from balai.cases.tests.support import paid_service, pdf
from balai.core.payables import kind_of, payment_settled


def _paid_application(world):
    application = services.application_start(
        actor=world.citizen, service=paid_service(), answers={"purpose": "Uji coba"}
    )
    services.document_upload(
        actor=world.citizen,
        application=application,
        requirement_code="ktp",
        file=pdf(),
    )
    return services.application_submit(actor=world.citizen, application=application)


def test_a_service_with_a_fee_waits_for_payment(world, outbox, on_commit):
    with on_commit(execute=True):
        application = _paid_application(world)
    assert application.status == Status.AWAITING_PAYMENT
    assert application.paused_at is not None
    payable = application.payable
    assert payable.reference == application.number
    assert payable.amount == Decimal(50000)
    assert kind_of(payable.reference) == "PMH"
    assert "menunggu pembayaran" in outbox[-1].subject


def test_a_settled_payment_moves_the_application_to_review(world, outbox, on_commit):
    application = _paid_application(world)
    with on_commit(execute=True):
        payment_settled.send(
            sender="payments",
            reference=application.number,
            amount=Decimal(50000),
            paid_at=timezone.now(),
        )
        # a second confirmation of the same payment changes nothing
        payment_settled.send(
            sender="payments",
            reference=application.number,
            amount=Decimal(50000),
            paid_at=timezone.now(),
        )
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    assert application.paused_at is None
    assert application.payable.status == PayableStatus.SETTLED
    assert application.transitions.filter(action="payment_settled").count() == 1
    assert "Pembayaran" in outbox[-1].subject


def test_too_small_a_payment_settles_nothing(world):
    application = _paid_application(world)
    payment_settled.send(
        sender="payments",
        reference=application.number,
        amount=Decimal(1000),
        paid_at=timezone.now(),
    )
    application.refresh_from_db()
    assert application.status == Status.AWAITING_PAYMENT
    assert application.payable.status == PayableStatus.PENDING


def test_withdrawing_cancels_the_unpaid_fee(world):
    application = _paid_application(world)
    services.application_withdraw(actor=world.citizen, application=application)
    application.payable.refresh_from_db()
    assert application.payable.status == PayableStatus.CANCELLED


def test_submission_opens_billing_codes_and_the_simulator_moves_it_on(
    world, client, on_commit
):
    from balai.payments.codes import va_is_valid
    from balai.payments.models import PaymentOrder

    with on_commit(execute=True):
        application = _paid_application(world)
    order = PaymentOrder.objects.get(reference=application.number)
    assert order.amount == Decimal(50000) and va_is_valid(order.va_number)
    assert order.payer == world.citizen
    client.force_login(world.citizen, backend="balai.accounts.backends.LoginBackend")
    detail = client.get(f"/permohonan/{application.pk}/").content.decode()
    assert f"/bayar/simulator/{order.pk}/" in detail
    with on_commit(execute=True):
        paid = client.post(
            f"/bayar/simulator/{order.pk}/", {"channel": "va", "amount": "50000"}
        )
    assert paid.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    assert application.payable.status == PayableStatus.SETTLED


def test_catalog_fee_formulas_are_computed_for_real():
    from balai.cases import catalog_access
    from balai.cases.services.fees import fee_for

    pbg = catalog_access.service_get("pbg")
    answers = {"floor_area_m2": 120, "building_function": "hunian"}
    # 120 m² × 0.15 × 0.005 × Rp5,000,000
    assert fee_for(pbg, answers, strict=True) == Decimal(450000)
    assert fee_for(pbg, {}, strict=False) == Decimal(0)  # a draft without answers
    reklame = catalog_access.service_get("izin-reklame")
    answers = {
        "sign_type": "baliho",
        "width_m": 4,
        "height_m": 3,
        "sides": 2,
        "location_class": "arteri",
        "start_date": "2026-01-01",
        "end_date": "2026-01-30",
    }
    # 24 m² × Rp3,000 × 1.3 (arterial road) × 30 days = Rp2,808,000 rental value × 25%
    assert fee_for(reklame, answers, strict=True) == Decimal(702000)
