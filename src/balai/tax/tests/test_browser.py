# SPDX-License-Identifier: EUPL-1.2
"""In Debian chromium at phone width: a citizen finds their PBB-P2 bill in "Pajak
Saya", pays it through the simulator, sees "lunas" and downloads the signed receipt."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from balai.accounts.tests.factories import PASSWORD
from balai.cases.documents.testing import signing_pki  # noqa: F401 (a fixture)
from balai.core.testing.browser import PHONE

BORN = dt.date(1990, 8, 17)


@pytest.fixture
def owner(transactional_db, signing_pki) -> Any:  # noqa: F811
    from django.utils import timezone

    from balai.accounts.tests.factories import AgencyFactory, UserFactory
    from balai.regions.testing import load_sample_regions
    from balai.registry.tests.factories import register_officer, registered
    from balai.tax import services
    from balai.tax.tests.support import NIK, tax_object

    load_sample_regions()
    signing_pki.certify(AgencyFactory(code="bapenda", name="Badan Pendapatan Daerah"))
    registered(register_officer(), nik=NIK, birth_date=BORN, full_name="Hendra Wijaya")
    tax_object()
    services.assessment_run(year=timezone.localdate().year)
    return UserFactory(nik=NIK, birth_date=BORN, full_name="Hendra Wijaya")


@pytest.mark.browser
def test_a_citizen_pays_pbb_and_downloads_the_receipt(
    live_server, owner, browser_context
):
    from balai.cases.documents.receipts import receipt_for
    from balai.tax.models import TaxBill

    base = live_server.url
    context = browser_context(PHONE)
    page = context.new_page()
    page.goto(f"{base}/akun/masuk/")
    page.fill("input[name=username]", owner.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()

    page.goto(f"{base}/")
    page.locator("main a[href='/pajak/']").first.click()
    page.wait_for_url("**/pajak/")
    bill = page.locator("article[data-testid^='bill-']").first
    assert "belum lunas" in bill.inner_text()
    assert "Rp550.000.000" in bill.inner_text()  # NJOP in the computation
    bill.get_by_role("button", name="Bayar").click()
    page.wait_for_url("**/bayar/simulator/**")
    page.get_by_label("QRIS").check()
    page.get_by_role("button", name="Bayar sekarang (simulasi)").click()
    page.wait_for_load_state()
    assert "Lunas" in page.inner_text("[data-testid=status]")

    page.goto(f"{base}/pajak/")
    bill = page.locator("article[data-testid^='bill-']").first
    assert bill.locator("[data-testid=status]").inner_text().strip() == "lunas"
    with page.expect_download() as download:
        bill.locator("[data-testid=receipt]").click()
    data = download.value.path().read_bytes()
    assert data.startswith(b"%PDF")
    stored = TaxBill.objects.get()
    assert stored.status == "paid"
    assert receipt_for(stored.reference) is not None
