# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import datetime as dt

from django.test import TestCase
from django.utils import timezone

import pytest

from balai.accounts.tests.factories import UserFactory
from balai.payments.models import PaymentOrder
from balai.registry.tests.factories import register_officer, registered
from balai.tax import services
from balai.tax.models import TaxBill
from balai.tax.tests.support import NIK, NOP, tax_object

pytestmark = pytest.mark.django_db
BORN = dt.date(1990, 8, 17)
YEAR = timezone.localdate().year


@pytest.fixture
def citizen(sample_regions) -> object:
    officer = register_officer()
    registered(officer, nik=NIK, birth_date=BORN, full_name="Hendra Wijaya")
    tax_object()
    services.assessment_run(year=YEAR)
    return UserFactory(nik=NIK, birth_date=BORN)


def test_my_taxes_shows_the_citizens_bill_with_its_computation(client, citizen):
    client.force_login(citizen, backend="balai.accounts.backends.LoginBackend")
    page = client.get("/pajak/").content.decode()
    assert NOP in page and "810.000" in page and "550.000.000" in page


def test_another_citizen_sees_no_objects_and_cannot_pay(client, citizen):
    other = UserFactory()
    client.force_login(other, backend="balai.accounts.backends.LoginBackend")
    assert NOP not in client.get("/pajak/").content.decode()
    bill = TaxBill.objects.get()
    assert client.post(f"/pajak/tagihan/{bill.pk}/bayar/").status_code == 404


def test_paying_through_the_simulator_marks_the_bill_paid(client, citizen):
    client.force_login(citizen, backend="balai.accounts.backends.LoginBackend")
    bill = TaxBill.objects.get()
    response = client.post(f"/pajak/tagihan/{bill.pk}/bayar/")
    assert response.status_code == 302
    order = PaymentOrder.objects.get(reference=bill.reference)
    assert response["Location"] == f"/bayar/simulator/{order.pk}/"
    due = services.bill_amount_due(bill)
    assert order.amount == due.total
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(
            response["Location"], {"channel": "qris", "amount": str(order.amount)}
        )
    bill.refresh_from_db()
    assert bill.status == "paid" and bill.paid_amount == order.amount
    page = client.get("/pajak/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "lunas" in page
    receipt = f"/bukti-bayar/{bill.reference}/"
    assert receipt in page and 'data-testid="paid-elsewhere"' not in page


def test_a_bill_settled_outside_balai_offers_no_receipt_link(client, citizen):
    """A bill paid at a bank counter (settled by reconciliation, no order in Balai)
    has no receipt here: the page says where to get one instead of a dead link."""
    from balai.core.payables import Settlement

    bill = TaxBill.objects.get()
    services.bill_settled(
        Settlement(
            reference=bill.reference, amount=bill.principal, paid_at=timezone.now()
        )
    )
    client.force_login(citizen, backend="balai.accounts.backends.LoginBackend")
    page = client.get("/pajak/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "lunas" in page and 'data-testid="paid-elsewhere"' in page
    assert f"/bukti-bayar/{bill.reference}/" not in page
    assert client.get(f"/bukti-bayar/{bill.reference}/").status_code == 404


def test_public_inquiry_shows_amount_and_status_only(client, citizen):
    page = client.get("/pajak/pbb/", {"nop": "35.15.010.001.001-0001.0", "year": YEAR})
    text = page.content.decode()
    due = services.bill_amount_due(TaxBill.objects.get()).total  # with late interest
    assert page.status_code == 200 and f"{int(due):,}".replace(",", ".") in text
    assert "Hendra" not in text and "Melati" not in text and NIK not in text
    bad = client.get("/pajak/pbb/", {"nop": "35.15.010", "year": YEAR})
    assert bad.status_code == 400 and "35.15.010" in bad.content.decode()
    missing = client.get("/pajak/pbb/", {"nop": NOP, "year": 2001})
    assert missing.status_code == 200 and "inquiry-result" in missing.content.decode()


def test_inquiry_api(client, citizen):
    answer = client.get(f"/api/v1/tax/pbb/{NOP}/{YEAR}/")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "unpaid" and body["principal"] == 810_000
    assert body["amount_due"] >= 810_000 and "taxpayer" not in str(body)
    assert client.get(f"/api/v1/tax/pbb/123/{YEAR}/").json()["code"] == "invalid_nop"
    assert client.get(f"/api/v1/tax/pbb/{NOP}/2001/").status_code == 404
