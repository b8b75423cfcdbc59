# SPDX-License-Identifier: EUPL-1.2
"""Receipts (bukti bayar): issued on settlement, signed, verifiable, for the payer."""

from __future__ import annotations

from typing import Any

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

import pytest

from balai.accounts.tests.factories import AgencyFactory, UserFactory
from balai.cases.documents import selectors
from balai.cases.documents.receipts import receipt_for
from balai.cases.documents.testing import TestPki
from balai.payments import services
from balai.payments.backends.base import Notification
from balai.payments.constants import NotificationStatus
from balai.payments.tests import support

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(signing_pki: TestPki) -> tuple[Any, Any]:
    bapenda = AgencyFactory(code="bapenda", name="Badan Pendapatan Daerah")
    signing_pki.certify(bapenda)
    payer = UserFactory(full_name="Hendra Wijaya")
    order = support.order(842400, payer=payer, payer_name=payer.full_name)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.notification_apply(
            provider="simulator",
            event=Notification(
                event_id="TX-9-settled",
                order_key=str(order.pk),
                status=NotificationStatus.SETTLED,
                amount=order.amount,
                transaction_id="TX-9",
                occurred_at=timezone.now(),
            ),
        )
    return order, payer


def test_a_settled_payment_gets_a_signed_receipt_that_verifies(client, paid) -> None:
    order, _payer = paid
    receipt = receipt_for(order.reference)
    assert receipt is not None and receipt.agency.code == "bapenda"
    assert ("Jumlah dibayar", "Rp842.400") in receipt.field_items
    page = client.get(reverse("documents:verify", args=[receipt.code]))
    assert page.status_code == 200
    assert 'data-outcome="authentic"' in page.content.decode()
    assert "Hendra" not in page.content.decode()  # initials only in public


def test_the_payer_downloads_the_receipt_and_the_upload_verifies(client, paid) -> None:
    order, payer = paid
    client.force_login(payer, backend="balai.accounts.backends.LoginBackend")
    response = client.get(reverse("documents:receipt", args=[order.reference]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    receipt = receipt_for(order.reference)
    assert response.content == selectors.document_pdf(receipt)
    from django.core.files.uploadedfile import SimpleUploadedFile

    check = client.post(
        reverse("documents:verify-upload"),
        {"file": SimpleUploadedFile("bukti.pdf", response.content), "code": ""},
    )
    assert 'data-outcome="authentic"' in check.content.decode()


def test_nobody_else_gets_the_receipt(client, paid) -> None:
    order, _payer = paid
    client.force_login(UserFactory(), backend="balai.accounts.backends.LoginBackend")
    assert (
        client.get(reverse("documents:receipt", args=[order.reference])).status_code
        == 404
    )
    client.logout()
    anonymous = client.get(reverse("documents:receipt", args=[order.reference]))
    assert anonymous.status_code == 302


def test_a_receipt_is_issued_once(paid) -> None:
    from balai.cases.documents.receipts import receipt_issue

    order, _payer = paid
    first = receipt_issue(order.reference)
    assert receipt_issue(order.reference) == first
    assert selectors.documents_for_reference(order.reference).count() == 1
