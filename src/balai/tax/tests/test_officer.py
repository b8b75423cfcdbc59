# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from django.test import TestCase
from django.utils import timezone

import pytest

from balai.accounts.tests.conftest import login, pass_two_factor
from balai.accounts.tests.factories import AgencyFactory, StaffFactory
from balai.core.payables import Settlement
from balai.tax import selectors, services
from balai.tax.models import AssessmentRun, TaxBill
from balai.tax.tests.support import tax_object

pytestmark = pytest.mark.django_db


def _objects() -> None:
    tax_object(nop="351501000100100010", taxpayer_nik="3273011708900001")
    tax_object(nop="351501000100100020", taxpayer_nik="3273011708900002")
    tax_object(nop="351501000200100010", taxpayer_nik="3273011708900003")


def test_collection_per_village_counts_what_was_paid() -> None:
    _objects()
    year = timezone.localdate().year
    services.assessment_run(year=year)
    bill = TaxBill.objects.get(tax_object__nop="351501000100100010")
    services.bill_settled(
        Settlement(
            reference=bill.reference, amount=bill.principal, paid_at=timezone.now()
        )
    )
    rows = {row["village"]: row for row in selectors.collection_by_village(year)}
    assert rows["010001"]["bills"] == 2 and rows["010001"]["paid"] == 1
    assert rows["010001"]["rate"] == 50
    assert rows["010002"]["paid"] == 0 and rows["010002"]["rate"] == 0


def test_the_officer_page_searches_and_starts_a_run(client) -> None:
    _objects()
    officer = StaffFactory(agency=AgencyFactory(code="bapenda"))
    login(client, officer)
    pass_two_factor(client, officer)
    page = client.get("/pajak/petugas/", {"q": "35.15.010.001"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "351501000100100020" in text and "351501000200100010" not in text
    year = timezone.localdate().year
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/pajak/petugas/", {"year": year})
    assert response.status_code == 302
    assert AssessmentRun.objects.get(year=year).status == "done"
    assert client.post("/pajak/petugas/", {"year": "x"}).status_code == 400


def test_other_staff_are_refused(client) -> None:
    officer = StaffFactory()
    login(client, officer)
    pass_two_factor(client, officer)
    assert client.get("/pajak/petugas/").status_code == 403
