# SPDX-License-Identifier: EUPL-1.2
"""End to end in Debian chromium: on a phone a citizen opens "Data Saya", downloads
the export and asks for a correction; the responsible agency's officer finds the
request in the correction queue. axe-core on every page: zero serious/critical."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from balai.accounts.tests.factories import (
    PASSWORD,
    AgencyFactory,
    StaffFactory,
    UserFactory,
    make_nik,
)
from balai.core.testing.browser import (
    DESKTOP,
    PHONE,
    assert_accessible,
    log_in,
    pass_two_factor,
)


@pytest.mark.browser
def test_my_data_export_and_a_correction_reach_the_officer(
    transactional_db, live_server, browser_context, tmp_path: Path
):
    from django.db import connections

    from playwright.sync_api import expect

    agency = AgencyFactory(code="disdukcapil", name="Dinas Kependudukan Uji")
    citizen = UserFactory(
        full_name="Rina Kusumawati",
        email="rina@contoh.id",
        nik=make_nik(501, female=True),
    )
    officer = StaffFactory(agency=agency, roles=["officer"])
    base = live_server.url
    try:
        page = browser_context(PHONE, is_mobile=True, locale="id-ID").new_page()
        log_in(page, base, citizen.email, PASSWORD)
        page.goto(f"{base}/data-saya/")
        expect(page.locator("main")).to_contain_text("Rina Kusumawati")
        assert_accessible(page)

        with page.expect_download() as download_info:
            page.locator("main a[href$='ekspor.json']").click()
        exported = tmp_path / "data-saya.json"
        download_info.value.save_as(exported)
        body = json.loads(exported.read_text(encoding="utf-8"))
        assert body["sections"]["account"]["data"]["full_name"] == "Rina Kusumawati"

        page.goto(f"{base}/data-saya/")
        page.locator("main a[href='/data-saya/koreksi/']").first.click()
        page.wait_for_url("**/data-saya/koreksi/")
        assert_accessible(page)
        page.check("input[name=item][value=full_name]")
        page.fill("[name=requested_value]", "Rina Kusumawardani")
        page.fill("[name=explanation]", "Nama saya salah ketik di KTP.")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        expect(page.locator("main")).to_contain_text("Rina Kusumawardani")
        assert_accessible(page)

        desk = browser_context(DESKTOP, locale="id-ID").new_page()
        log_in(desk, base, officer.email, PASSWORD)
        pass_two_factor(desk, officer)
        desk.goto(f"{base}/akun/staf/koreksi/")
        assert_accessible(desk)
        desk.locator("main table a").first.click()
        desk.wait_for_load_state()
        expect(desk.locator("main")).to_contain_text("Rina Kusumawardani")
        assert_accessible(desk)
    finally:
        connections.close_all()
