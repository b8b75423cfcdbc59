# SPDX-License-Identifier: EUPL-1.2
"""PKB: vehicles, the annual bill with the province's line and the regency's opsen,
paying it from "Pajak Saya", the inquiry API and the officers' roll."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.test import TestCase
from django.utils import timezone

import pytest

from balai.accounts.constants import Role
from balai.accounts.tests.conftest import login, pass_two_factor
from balai.accounts.tests.factories import AgencyFactory, StaffFactory, UserFactory
from balai.core.errors import BalaiError
from balai.payments.models import PaymentOrder
from balai.registry.tests.factories import register_officer, registered
from balai.tax import services_pkb
from balai.tax.constants import ErrorCode
from balai.tax.models import PkbBill, Vehicle
from balai.tax.tests.support import NIK

pytestmark = pytest.mark.django_db
BORN = dt.date(1990, 8, 17)
YEAR = timezone.localdate().year


def vehicle(plate: str = "d 1234 abc", **overrides: object) -> Vehicle:
    values: dict[str, object] = {
        "actor": None,
        "registration": plate,
        "kind": "car",
        "make_model": "Honda Brio",
        "year_made": 2022,
        "njkb": Decimal(150_000_000),
        "weight": Decimal("1.050"),
        "owner_nik": NIK,
        "owner_name": "Hendra Wijaya",
        "registered_on": dt.date(2022, 2, 28),
    }
    values.update(overrides)
    return services_pkb.vehicle_register(**values)  # type: ignore[arg-type]


def test_the_bill_has_the_pkb_line_and_the_66_percent_opsen_line() -> None:
    first = vehicle()
    second = vehicle(
        "B 77 XY",
        ownership_order=2,
        njkb=Decimal(20_000_000),
        weight=Decimal(1),
        kind="motorcycle",
    )
    assert first.registration == "D 1234 ABC"
    assert services_pkb.pkb_bills_issue(year=YEAR) == 2
    bill = PkbBill.objects.get(vehicle=first)
    # 150,000,000 × 1.05 × 1.2% = 1,890,000; opsen 66% = 1,247,400
    assert (bill.pkb, bill.opsen, bill.principal) == (
        Decimal(1_890_000),
        Decimal(1_247_400),
        Decimal(3_137_400),
    )
    assert bill.reference == f"PKB-{YEAR}-D1234ABC"
    assert bill.due_date == dt.date(YEAR, 2, 28)
    assert bill.computation["rate_percent"] == "1.2"
    # the owner's second vehicle: the progressive rate 1.7%
    other = PkbBill.objects.get(vehicle=second)
    assert other.pkb == Decimal(340_000) and other.opsen == Decimal(224_400)
    # issuing again makes nothing twice
    assert services_pkb.pkb_bills_issue(year=YEAR) == 0
    assert PkbBill.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"registration": "1234"}, ErrorCode.INVALID_REGISTRATION),
        ({"registration": "D 12345 ABCD"}, ErrorCode.INVALID_REGISTRATION),
        ({"kind": "pesawat"}, ErrorCode.INVALID_KIND),
        ({"owner_nik": "123"}, ErrorCode.INVALID_TAXPAYER),
        ({"njkb": "-5"}, ErrorCode.INVALID_VALUE),
        ({"weight": "0"}, ErrorCode.INVALID_VALUE),
        ({"ownership_order": 0}, ErrorCode.INVALID_VALUE),
    ],
)
def test_bad_vehicles_are_refused_with_a_clear_code(overrides, code) -> None:
    plate = str(overrides.pop("registration", "D 1 A"))
    with pytest.raises(BalaiError) as error:
        vehicle(plate, **overrides)
    assert error.value.code == code
    assert not Vehicle.objects.exists()


def test_a_plate_is_registered_once() -> None:
    vehicle()
    with pytest.raises(BalaiError) as error:
        vehicle("D-1234-ABC")
    assert error.value.code == ErrorCode.DUPLICATE_VEHICLE


def test_bad_pkb_rates_stop_the_issue(settings) -> None:
    vehicle()
    settings.TAX = {**settings.TAX, "pkb_rates": "2,1.5"}
    with pytest.raises(BalaiError) as error:
        services_pkb.pkb_bills_issue(year=YEAR)
    assert error.value.code == ErrorCode.INVALID_RULES


@pytest.fixture
def owner(sample_regions) -> object:
    officer = register_officer()
    registered(officer, nik=NIK, birth_date=BORN, full_name="Hendra Wijaya")
    vehicle()
    services_pkb.pkb_bills_issue(year=YEAR)
    return UserFactory(nik=NIK, birth_date=BORN)


def test_the_owner_sees_and_pays_the_pkb_bill_in_my_taxes(client, owner) -> None:
    client.force_login(owner, backend="balai.accounts.backends.LoginBackend")
    page = client.get("/pajak/").content.decode()
    assert "D 1234 ABC" in page and "1.247.400" in page and "3.137.400" in page
    bill = PkbBill.objects.get()
    response = client.post(f"/pajak/pkb/{bill.pk}/bayar/")
    order = PaymentOrder.objects.get(reference=bill.reference)
    assert response["Location"] == f"/bayar/simulator/{order.pk}/"
    assert order.amount == Decimal(3_137_400)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(response["Location"], {"channel": "va", "amount": "3137400"})
    bill.refresh_from_db()
    assert bill.status == "paid" and bill.paid_amount == Decimal(3_137_400)
    page = client.get("/pajak/").content.decode()
    assert f"/bukti-bayar/{bill.reference}/" in page
    # a paid bill is not paid again: the page says so
    again = client.post(f"/pajak/pkb/{bill.pk}/bayar/", follow=True)
    assert "sudah dibayar" in again.content.decode() or "already been paid" in (
        again.content.decode()
    )
    assert PaymentOrder.objects.filter(reference=bill.reference).count() == 1


def test_another_person_cannot_pay_someone_elses_pkb(client, owner) -> None:
    client.force_login(UserFactory(), backend="balai.accounts.backends.LoginBackend")
    assert "D 1234 ABC" not in client.get("/pajak/").content.decode()
    bill = PkbBill.objects.get()
    assert client.post(f"/pajak/pkb/{bill.pk}/bayar/").status_code == 404


def test_the_pkb_inquiry_api_shows_both_lines_and_no_owner(client, owner) -> None:
    response = client.get(f"/api/v1/tax/pkb/D1234ABC/{YEAR}/")
    assert response.status_code == 200
    body = response.json()
    assert body["pkb"] == 1_890_000 and body["opsen"] == 1_247_400
    assert body["amount_due"] == 3_137_400 and body["status"] == "unpaid"
    assert "Hendra" not in response.content.decode()
    assert client.get("/api/v1/tax/pkb/ZZZ/2026/").status_code == 400
    missing = client.get(f"/api/v1/tax/pkb/D9999ZZ/{YEAR}/")
    assert missing.status_code == 404 and missing.json()["code"] == "bill_not_found"


def test_officers_see_the_roll_with_the_opsen_and_issue_bills(client) -> None:
    vehicle()
    officer = StaffFactory(agency=AgencyFactory(code="bapenda"))
    login(client, officer)
    pass_two_factor(client, officer)
    response = client.post("/pajak/petugas/bphtb/", {"year": YEAR})
    assert response.status_code == 302
    assert PkbBill.objects.count() == 1
    page = client.get("/pajak/petugas/bphtb/?q=d1234").content.decode()
    assert "D 1234 ABC" in page and "1.247.400" in page
    assert client.post("/pajak/petugas/bphtb/", {"year": "x"}).status_code == 400
    outsider = StaffFactory(roles=[Role.OFFICER])
    client.logout()
    login(client, outsider)
    pass_two_factor(client, outsider)
    assert client.get("/pajak/petugas/bphtb/").status_code == 403
