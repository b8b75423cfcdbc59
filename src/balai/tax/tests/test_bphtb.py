# SPDX-License-Identifier: EUPL-1.2
"""BPHTB: the buyer's return on a PBB-P2 object, the formula with NPOP and NPOPTKP,
payment through a payment order, Bapenda's verification, the inquiry API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.test import TestCase

import pytest

from balai.accounts.tests.conftest import login, pass_two_factor
from balai.accounts.tests.factories import AgencyFactory, StaffFactory, UserFactory
from balai.core.errors import BalaiError
from balai.core.payables import payment_settled
from balai.payments.models import PaymentOrder
from balai.registry.tests.factories import register_officer, registered
from balai.tax import services_bphtb
from balai.tax.constants import ErrorCode, ReturnStatus
from balai.tax.models import BphtbReturn
from balai.tax.tests.support import NOP, tax_object

pytestmark = pytest.mark.django_db
BORN = dt.date(1991, 3, 2)
BUYER = "3273014203910002"
LOGIN = "balai.accounts.backends.LoginBackend"


@pytest.fixture
def buyer(sample_regions) -> object:
    registered(register_officer(), nik=BUYER, birth_date=BORN, full_name="Rina Lestari")
    # NJOP: 200 m² × Rp2,000,000 + 100 m² × Rp3,000,000 = Rp700,000,000 (spec §4)
    tax_object(building_value_m2=Decimal(3_000_000))
    return UserFactory(nik=BUYER, birth_date=BORN)


def test_the_spec_example_sale_gives_rp36_million(buyer) -> None:
    filed = services_bphtb.bphtb_file(
        actor=buyer,
        nop="35.15.010.001.001-0001.0",
        price="800000000",
        acquisition="sale",
    )
    assert filed.njop == Decimal(700_000_000) and filed.npop == Decimal(800_000_000)
    assert filed.npoptkp == Decimal(80_000_000)
    assert filed.principal == Decimal(36_000_000)
    assert filed.reference.startswith("BPHTB-") and filed.status == ReturnStatus.FILED
    assert filed.buyer_name == "Rina Lestari" and filed.buyer_nik == BUYER


def test_njop_replaces_a_lower_price_and_npoptkp_is_used_once(buyer) -> None:
    first = services_bphtb.bphtb_file(
        actor=buyer, nop=NOP, price="500.000.000", acquisition="sale"
    )
    # the price is below NJOP: NPOP = NJOP 700,000,000 − 80,000,000 → 31,000,000
    assert first.npop == Decimal(700_000_000) and first.principal == Decimal(31_000_000)
    second = services_bphtb.bphtb_file(
        actor=buyer, nop=NOP, price="800000000", acquisition="sale"
    )
    assert second.npoptkp == 0 and second.principal == Decimal(40_000_000)
    # inheritance in a direct line: NPOPTKP 300,000,000 → 5% × 400,000,000
    inherited = services_bphtb.bphtb_file(
        actor=buyer, nop=NOP, price="700000000", acquisition="inheritance"
    )
    assert inherited.npoptkp == Decimal(300_000_000)
    assert inherited.principal == Decimal(20_000_000)


@pytest.mark.parametrize(
    ("nop", "price", "acquisition", "code"),
    [
        ("12345", "800000000", "sale", ErrorCode.INVALID_NOP),
        ("351501000100199990", "800000000", "sale", ErrorCode.UNKNOWN_NOP),
        (NOP, "-1", "sale", ErrorCode.INVALID_PRICE),
        (NOP, "delapan ratus", "sale", ErrorCode.INVALID_PRICE),
        (NOP, "800000000", "curian", ErrorCode.INVALID_KIND),
    ],
)
def test_bad_returns_get_clear_errors(buyer, nop, price, acquisition, code) -> None:
    with pytest.raises(BalaiError) as error:
        services_bphtb.bphtb_file(
            actor=buyer, nop=nop, price=price, acquisition=acquisition
        )
    assert error.value.code == code
    assert not BphtbReturn.objects.exists()


def test_a_person_outside_the_register_cannot_be_the_buyer(buyer) -> None:
    with pytest.raises(BalaiError) as error:
        services_bphtb.bphtb_file(
            actor=UserFactory(), nop=NOP, price="800000000", acquisition="sale"
        )
    assert error.value.code == ErrorCode.NOT_IN_REGISTER


def test_filing_paying_and_verification_end_to_end(client, buyer) -> None:
    client.force_login(buyer, backend=LOGIN)
    bad = client.post(
        "/pajak/bphtb/baru/", {"nop": "123", "price": "1", "acquisition": "sale"}
    )
    assert bad.status_code == 400 and "18" in bad.content.decode()
    response = client.post(
        "/pajak/bphtb/baru/",
        {"nop": NOP, "price": "800000000", "acquisition": "sale"},
    )
    filed = BphtbReturn.objects.get()
    assert response["Location"] == f"/pajak/bphtb/{filed.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "36.000.000" in page and "800.000.000" in page
    assert filed.reference in client.get("/pajak/").content.decode()
    pay = client.post(f"/pajak/bphtb/{filed.pk}/bayar/")
    order = PaymentOrder.objects.get(reference=filed.reference)
    assert order.amount == Decimal(36_000_000)
    # Bapenda cannot verify before the payment
    officer = StaffFactory(agency=AgencyFactory(code="bapenda"))
    with pytest.raises(BalaiError) as error:
        services_bphtb.bphtb_decide(actor=officer, return_id=filed.pk, approve=True)
    assert error.value.code == ErrorCode.RETURN_NOT_PAID
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(pay["Location"], {"channel": "qris", "amount": "36000000"})
    filed.refresh_from_db()
    assert filed.status == ReturnStatus.PAID and filed.paid_amount == order.amount
    assert (
        f"/bukti-bayar/{filed.reference}/"
        in client.get(f"/pajak/bphtb/{filed.pk}/").content.decode()
    )
    # another citizen sees nothing of it
    client.force_login(UserFactory(), backend=LOGIN)
    assert client.get(f"/pajak/bphtb/{filed.pk}/").status_code == 404
    assert client.post(f"/pajak/bphtb/{filed.pk}/bayar/").status_code == 404
    # the officer's page lists it and verifies it
    client.logout()
    login(client, officer)
    pass_two_factor(client, officer)
    assert filed.reference in client.get("/pajak/petugas/bphtb/").content.decode()
    client.post(f"/pajak/petugas/bphtb/{filed.pk}/", {"decision": "approve"})
    filed.refresh_from_db()
    assert filed.status == ReturnStatus.VERIFIED and filed.decided_by == officer
    api = client.get(f"/api/v1/tax/bphtb/{filed.reference.lower()}/").json()
    assert api["verified"] is True and api["amount_due"] == 0
    assert api["bphtb"] == 36_000_000 and "Rina" not in str(api)


def test_a_rejection_needs_a_reason_and_a_decision_is_final(buyer) -> None:
    filed = services_bphtb.bphtb_file(
        actor=buyer, nop=NOP, price="800000000", acquisition="sale"
    )
    officer = StaffFactory(agency=AgencyFactory(code="bapenda"))
    with pytest.raises(BalaiError) as error:
        services_bphtb.bphtb_decide(
            actor=officer, return_id=filed.pk, approve=False, note="murah"
        )
    assert error.value.code == ErrorCode.INVALID_REASON
    services_bphtb.bphtb_decide(
        actor=officer,
        return_id=filed.pk,
        approve=False,
        note="Harga jauh di bawah nilai pasar kawasan.",
    )
    with pytest.raises(BalaiError) as error:
        services_bphtb.bphtb_decide(actor=officer, return_id=filed.pk, approve=True)
    assert error.value.code == ErrorCode.RETURN_DECIDED
    # a rejected return gave its NPOPTKP back: the next one gets it
    again = services_bphtb.bphtb_file(
        actor=buyer, nop=NOP, price="900000000", acquisition="sale"
    )
    assert again.npoptkp == Decimal(80_000_000)


def test_settlement_is_idempotent_and_a_short_payment_settles_nothing(buyer) -> None:
    filed = services_bphtb.bphtb_file(
        actor=buyer, nop=NOP, price="800000000", acquisition="sale"
    )
    paid_at = dt.datetime(2026, 5, 4, 10, tzinfo=dt.UTC)
    payment_settled.send(
        sender=None, reference=filed.reference, amount=Decimal(1), paid_at=paid_at
    )
    filed.refresh_from_db()
    assert filed.status == ReturnStatus.FILED
    for _ in range(3):
        payment_settled.send(
            sender=None,
            reference=filed.reference,
            amount=filed.principal,
            paid_at=paid_at,
        )
    filed.refresh_from_db()
    assert filed.status == ReturnStatus.PAID and filed.paid_at == paid_at


def test_the_bphtb_inquiry_api_answers_unknown_references_with_404(client) -> None:
    response = client.get("/api/v1/tax/bphtb/BPHTB-2026-NOPE/")
    assert response.status_code == 404
    assert response.json()["code"] == "return_not_found"
