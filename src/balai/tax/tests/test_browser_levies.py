# SPDX-License-Identifier: EUPL-1.2
"""In Debian chromium at phone width: a citizen files a BPHTB return (a bad NOP first,
then the right one), sees the computation and pays it through the simulator; then
pays the PKB bill of her car from "Pajak Saya"; a Bapenda officer, on a phone too,
verifies the return and reads the PKB roll and the PBB tax roll without the page
scrolling sideways (wide tables scroll inside their own region). axe-core checks every
page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from balai.accounts.tests.factories import PASSWORD
from balai.core.testing.browser import (
    PHONE,
    assert_accessible,
    log_in,
    pass_two_factor,
)

BORN = dt.date(1991, 3, 2)
NIK = "3273014203910002"


@pytest.fixture
def buyer(transactional_db) -> Any:
    from django.utils import timezone

    from balai.accounts.tests.factories import UserFactory
    from balai.regions.testing import load_sample_regions
    from balai.registry.tests.factories import register_officer, registered
    from balai.tax import services_pkb
    from balai.tax.tests.support import tax_object

    load_sample_regions()
    registered(register_officer(), nik=NIK, birth_date=BORN, full_name="Rina Lestari")
    tax_object(building_value_m2=Decimal(3_000_000), taxpayer_nik="3273011708900001")
    services_pkb.vehicle_register(
        actor=None,
        registration="D 1708 SRW",
        kind="car",
        make_model="Honda Brio",
        year_made=2022,
        njkb=Decimal(150_000_000),
        weight=Decimal("1.050"),
        owner_nik=NIK,
        owner_name="Rina Lestari",
        registered_on=dt.date(2022, 11, 20),
    )
    services_pkb.pkb_bills_issue(year=timezone.localdate().year)
    return UserFactory(nik=NIK, birth_date=BORN, full_name="Rina Lestari")


def _fits_the_phone(page: Any) -> None:
    """Nothing makes the page wider than the phone's 360 px."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def _pay_in_simulator(page: Any) -> None:
    page.wait_for_url("**/bayar/simulator/**")
    assert_accessible(page)
    page.get_by_label("QRIS").check()
    page.get_by_role("button", name="Bayar sekarang (simulasi)").click()
    page.wait_for_load_state()
    assert "Lunas" in page.inner_text("[data-testid=status]")


@pytest.mark.browser
def test_a_citizen_files_and_pays_bphtb_then_pays_pkb(
    live_server, buyer, browser_context
):
    from balai.tax.models import BphtbReturn, PkbBill
    from balai.tax.tests.support import NOP

    base = live_server.url
    page = browser_context(PHONE).new_page()
    log_in(page, base, buyer.email, PASSWORD)

    page.goto(f"{base}/pajak/")
    assert_accessible(page)
    page.locator("[data-testid=bphtb] a[href='/pajak/bphtb/baru/']").click()
    page.wait_for_url("**/pajak/bphtb/baru/")
    assert_accessible(page)
    page.get_by_label("NOP tanah atau bangunan yang diperoleh").fill("35.15.010")
    page.get_by_label("Jenis perolehan").select_option("sale")
    page.get_by_label("Harga transaksi (Rp)").fill("800000000")
    page.get_by_role("button", name="Hitung dan laporkan").click()
    page.wait_for_load_state()
    assert "18 digit" in page.inner_text("main")
    assert_accessible(page)  # the page with its errors, too
    assert not BphtbReturn.objects.exists()
    page.get_by_label("NOP tanah atau bangunan yang diperoleh").fill(NOP)
    page.get_by_role("button", name="Hitung dan laporkan").click()
    page.wait_for_url("**/pajak/bphtb/*/")
    text = page.inner_text("main")
    assert "Rp36.000.000" in text and "Rp700.000.000" in text
    assert_accessible(page)
    page.get_by_role("button", name="Bayar Rp36.000.000").click()
    _pay_in_simulator(page)
    filed = BphtbReturn.objects.get()
    assert filed.status == "paid"

    page.goto(f"{base}/pajak/bphtb/{filed.pk}/")
    assert "menunggu verifikasi" in page.inner_text("[data-testid=status]").lower()
    assert page.locator("[data-testid=receipt]").count() == 1

    page.goto(f"{base}/pajak/")
    car = page.locator("article[data-testid^='pkb-']").first
    assert "Rp1.247.400" in car.inner_text()  # the opsen line
    car.get_by_role("button", name="Bayar PKB D 1708 SRW").click()
    _pay_in_simulator(page)
    page.goto(f"{base}/pajak/")
    car = page.locator("article[data-testid^='pkb-']").first
    assert car.locator("[data-testid=status]").inner_text().strip() == "lunas"
    assert PkbBill.objects.get().status == "paid"

    # Bapenda verifies the paid return, on a phone as well
    from django.conf import settings

    from balai.accounts.tests.factories import AgencyFactory, StaffFactory

    officer = StaffFactory(agency=AgencyFactory(code=settings.TAX["payer_agency"]))
    desk = browser_context(PHONE).new_page()
    log_in(desk, base, officer.email, PASSWORD)
    pass_two_factor(desk, officer)
    desk.goto(f"{base}/pajak/petugas/bphtb/")
    assert filed.reference in desk.inner_text("[data-testid=return]")
    assert "D 1708 SRW" in desk.inner_text("main")  # the PKB roll
    _fits_the_phone(desk)
    assert_accessible(desk)
    desk.locator("[data-testid=return]").get_by_role(
        "button", name="Verifikasi"
    ).click()
    desk.wait_for_url("**/pajak/petugas/bphtb/")
    assert "Tidak ada SSPD yang perlu diverifikasi." in desk.inner_text("main")
    filed.refresh_from_db()
    assert filed.status == "verified" and filed.decided_by == officer
    desk.goto(f"{base}/pajak/petugas/?q=35")
    _fits_the_phone(desk)
    assert_accessible(desk)
