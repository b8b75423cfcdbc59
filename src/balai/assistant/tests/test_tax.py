# SPDX-License-Identifier: EUPL-1.2
"""PBB bills in the assistant: by NOP for anyone (amount due and status only, as
the public inquiry page shows them), a signed-in citizen's own bills without a NOP,
polite answers for unknown NOPs; bills made by the tax app's own services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

import pytest
from rest_framework.test import APIClient

from balai.accounts.tests.factories import UserFactory
from balai.assistant.knowledge.facts import rupiah
from balai.core.payables import Settlement
from balai.registry.tests.factories import register_officer, registered
from balai.tax import selectors, services
from balai.tax.models import TaxBill
from balai.tax.tests.support import NIK, NOP, tax_object

pytestmark = pytest.mark.django_db
URL = "/api/v1/assistant/messages"
YEAR = timezone.localdate().year
BORN = dt.date(1990, 8, 17)
DOTTED = "35.15.010.001.001-0001.0"
OTHER_NOP = "351501000100100020"  # a second object of the same taxpayer


def _talk(client: APIClient, *texts: str, lang: str = "id") -> list[dict]:
    answers: list[dict] = []
    for text in texts:
        body = {"text": text}
        if answers:
            body["conversation"] = answers[-1]["conversation"]
        response = client.post(URL, body, format="json", HTTP_ACCEPT_LANGUAGE=lang)
        assert response.status_code == 200, response.content
        answers.append(response.json())
    return answers


def _pay(bill: TaxBill) -> None:
    """Settle ``bill`` the way a payment does: through the tax app's receiver."""
    due = selectors.bill_amount_due(bill).total
    services.bill_settled(
        Settlement(reference=bill.reference, amount=due, paid_at=timezone.now())
    )


@pytest.fixture
def citizen(sample_regions) -> object:
    officer = register_officer()
    registered(officer, nik=NIK, birth_date=BORN, full_name="Hendra Wijaya")
    tax_object()
    tax_object(OTHER_NOP, address="Jl. Kenanga No. 7")
    services.assessment_run(year=YEAR - 1)
    services.assessment_run(year=YEAR)
    return UserFactory(nik=NIK, birth_date=BORN)


def _owner_data_absent(text: str) -> None:
    for private in ("Hendra", "Wijaya", "Melati", "Kenanga", NIK):
        assert private not in text


def test_anyone_gets_the_amount_due_and_status_by_nop_as_the_inquiry_page(citizen):
    client = APIClient()
    answer = _talk(client, f"berapa PBB saya? NOP {DOTTED}")[0]
    bill = TaxBill.objects.get(tax_object__nop=NOP, year=YEAR)
    due = selectors.bill_amount_due(bill).total  # with late interest, as the page
    assert (answer["intent"], answer["service"]) == ("tax_bill", "pbb-p2")
    assert DOTTED.replace("-", ".") in answer["reply"]
    assert "belum lunas" in answer["reply"] and rupiah(due, "id") in answer["reply"]
    _owner_data_absent(answer["reply"] + str(answer["sources"]))
    link = answer["sources"][0]["url"]
    assert link == f"/pajak/pbb/?nop={NOP}&year={YEAR}"
    assert [s["url"] for s in answer["sources"]] == [link]  # no pay link for anyone
    page = client.get(link, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert rupiah(due, "id").removeprefix("Rp") in page and "belum lunas" in page


def test_the_nop_is_asked_for_then_the_named_year_is_answered(citizen):
    ask, answer = _talk(APIClient(), f"cek tagihan pbb tahun {YEAR - 1}", NOP)
    assert ask["action"] == "ask_number" and "NOP" in ask["reply"]
    assert answer["intent"] == "tax_bill" and answer["action"] == ""
    assert f"tahun pajak {YEAR - 1}" in answer["reply"]  # the year asked first
    this_year = _talk(APIClient(), "berapa pbb saya", DOTTED)[1]
    assert f"tahun pajak {YEAR}:" in this_year["reply"]
    named = _talk(APIClient(), f"PBB {YEAR - 1} untuk nop {NOP} berapa")[0]
    assert f"tahun pajak {YEAR - 1}" in named["reply"]
    assert named["sources"][0]["url"] == f"/pajak/pbb/?nop={NOP}&year={YEAR - 1}"


def test_a_paid_bill_is_shown_as_paid_without_an_amount(citizen):
    bill = TaxBill.objects.get(tax_object__nop=NOP, year=YEAR)
    _pay(bill)
    answer = _talk(APIClient(), f"status pbb nop {NOP}")[0]
    assert "lunas" in answer["reply"] and "belum lunas" not in answer["reply"]
    assert "Rp" not in answer["reply"]
    english = _talk(APIClient(), f"how much is my property tax, NOP {DOTTED}?",
                    lang="en")[0]  # fmt: skip
    assert english["intent"] == "tax_bill"
    assert f"tax year {YEAR}: paid" in english["reply"]


def test_a_signed_in_citizen_gets_their_own_bills_outstanding_first(citizen):
    _pay(TaxBill.objects.get(tax_object__nop=NOP, year=YEAR))
    client = APIClient()
    client.force_authenticate(citizen)
    answer = _talk(client, "berapa PBB saya")[0]
    assert answer["intent"] == "tax_bill" and answer["action"] == ""
    text = answer["reply"]
    unpaid = [
        bill
        for bill in TaxBill.objects.exclude(status="paid")
        if f"{bill.year}: belum lunas" in text
    ]
    assert len(unpaid) == 3  # both objects last year, the second one this year
    for bill in unpaid:
        assert rupiah(selectors.bill_amount_due(bill).total, "id") in text
    paid_at = text.index(f"{YEAR}: lunas")
    assert all(text.index(f"{b.year}: belum lunas") < paid_at for b in unpaid)
    assert [s["url"] for s in answer["sources"]] == ["/pajak/"]
    _owner_data_absent(text)
    own = _talk(client, f"pbb nop {OTHER_NOP}")[0]  # their own unpaid bill: pay link
    assert [s["url"] for s in own["sources"]][1:] == ["/pajak/"]


def test_a_citizen_without_bills_is_asked_for_the_nop(citizen):
    client = APIClient()
    client.force_authenticate(UserFactory())
    answer = _talk(client, "berapa PBB saya")[0]
    assert answer["action"] == "ask_number"
    assert answer["sources"][0]["url"] == "/pajak/pbb/"


def test_an_unknown_nop_or_year_is_answered_politely(citizen):
    unknown = _talk(APIClient(), "berapa pbb nop 35.15.010.001.009-0009.0")[0]
    assert unknown["intent"] == "tax_bill"
    assert "35.15.010.001.009.0009.0" in unknown["reply"]
    assert "tidak menemukan" in unknown["reply"].lower()
    assert [s["url"] for s in unknown["sources"]] == ["/pajak/pbb/"]
    old = _talk(APIClient(), f"pbb 2005 nop {NOP}")[0]
    assert "2005" in old["reply"] and old["sources"][0]["url"] == "/pajak/pbb/"
    assert TaxBill.objects.filter(principal__gt=Decimal(0)).count() == 4


def test_a_bill_not_yet_due_is_answered_with_its_due_date(citizen):
    later = timezone.localdate() + dt.timedelta(days=30)
    TaxBill.objects.filter(year=YEAR).update(due_date=later)  # as in January's run
    bill = TaxBill.objects.get(tax_object__nop=NOP, year=YEAR)
    answer = _talk(APIClient(), f"tagihan pbb nop {NOP}")[0]["reply"]
    assert rupiah(bill.principal, "id") in answer  # no late interest yet
    assert "jatuh tempo" in answer and "lewat" not in answer
    late = _talk(APIClient(), f"cek tagihan pbb {YEAR - 1} nop {NOP}")[0]["reply"]
    assert "lewat jatuh tempo" in late and "bunga" in late
