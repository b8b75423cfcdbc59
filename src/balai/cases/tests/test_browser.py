# SPDX-License-Identifier: EUPL-1.2
"""End to end in Debian chromium: a birth certificate, from search to verification.

A citizen finds "akta kelahiran" in the catalog, applies (the family card number is
prefilled from the register), uploads, submits; an officer works the application
from the inbox and asks for a revision; the citizen answers; the officer accepts the
documents and verifies; the agency head confirms the register change and signs (the
child is registered and gets a NIK, the deed is signed); the citizen downloads
the signed PDF and verifies it on the public page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from balai.accounts.tests.factories import PASSWORD
from balai.cases.tests.support import PDF
from balai.core.testing.browser import DESKTOP, PHONE, assert_accessible


def _log_in(page: Any, base: str, user: Any) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def _pass_two_factor(page: Any, user: Any) -> None:
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="browser", confirmed=True)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.fill("input[name=token]", f"{code:06d}")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


@pytest.mark.browser
def test_birth_certificate_from_search_to_verification(
    transactional_db, live_server, signing_pki, tmp_path: Path, browser_context
):
    from django.db import connections

    from playwright.sync_api import expect

    from balai.cases.documents.selectors import documents_for_reference
    from balai.cases.models import Application
    from balai.cases.tests.support import make_world
    from balai.regions.testing import load_sample_regions

    load_sample_regions()
    world = make_world(signing_pki)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(PDF)
    base = live_server.url

    citizen = browser_context(PHONE)
    officer = browser_context(DESKTOP)
    try:
        page = citizen.new_page()
        csp: list[str] = []
        page.on(
            "console",
            lambda m: (
                csp.append(m.text) if "Content Security Policy" in m.text else None
            ),
        )
        _log_in(page, base, world.citizen)

        # find the service and apply
        page.goto(f"{base}/layanan/?q=akta+kelahiran")
        page.locator("#results .card__title a", has_text="Akta Kelahiran").first.click()
        page.wait_for_url("**/layanan/akta-kelahiran/")
        assert_accessible(page)
        page.locator("main a.button[href*='/permohonan/baru/akta-kelahiran/']").click()
        page.wait_for_url("**/permohonan/baru/akta-kelahiran/")
        assert_accessible(page)
        assert page.input_value("input[name=kk_number]") == world.family.kk_number
        page.fill("input[name=child_name]", "Putri Ayu Lestari")
        page.check("input[name=child_sex][value=F]")
        page.fill("input[name=birth_date]", "2026-11-01")
        page.fill("input[name=birth_place]", "Bandung")
        page.select_option("select[name=birth_facility]", "rumah-sakit")
        page.select_option("select[name=birth_attendant]", "bidan")
        page.fill("input[name=birth_order]", "1")
        page.fill("input[name=mother_nik]", world.mother.nik)
        page.fill("input[name=mother_name]", world.mother.full_name)
        page.check("input[name=reporter_relationship][value=ibu]")
        page.check("input[name=declaration]")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/dokumen/")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, "the documents page must not scroll sideways"
        assert_accessible(page)

        for code in ("surat-keterangan-lahir", "kartu-keluarga"):
            page.select_option("select[name=requirement]", code)
            page.set_input_files("input[name=file]", str(scan))
            page.locator("main form[enctype] button[type=submit]").click()
            page.wait_for_load_state()
            expect(page.locator(".alert--success")).to_be_visible()
        page.locator("main a[href$='/tinjau/']").click()
        page.wait_for_load_state()
        assert_accessible(page)  # "Periksa dan ajukan", with "Ubah" per answer
        page.check("input[name=confirm]")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/tanda-terima/")
        number = page.locator("[data-application-number]").inner_text()
        assert_accessible(page)
        assert re.fullmatch(r"PMH-\d{4}-\d{6}", number)

        # the officer takes it from the inbox and asks for a revision
        desk = officer.new_page()
        _log_in(desk, base, world.officer)
        _pass_two_factor(desk, world.officer)
        desk.goto(f"{base}/petugas/permohonan/")
        assert_accessible(desk)
        desk.locator("table a", has_text=number).click()
        desk.wait_for_load_state()
        assert_accessible(desk)
        desk.locator("form[action$='/ambil/'] button").click()
        desk.wait_for_load_state()
        revision = desk.locator("form[action$='/perbaikan/']")
        revision.locator("textarea[name=reason]").fill(
            "Foto KK buram, mohon unggah ulang."
        )
        revision.locator("input[name=requirements][value=kartu-keluarga]").check()
        revision.locator("button[type=submit]").click()
        desk.wait_for_load_state()
        expect(desk.locator("[data-status]").first).to_have_attribute(
            "data-status", "needs_revision"
        )

        # the citizen answers from "Permohonan Saya"
        page.goto(f"{base}/permohonan/")
        page.locator("main a", has_text="Akta Kelahiran").first.click()
        expect(page.locator("main")).to_contain_text("Foto KK buram")
        assert_accessible(page)
        page.locator("main a[href$='/jawab/']").click()
        page.wait_for_load_state()
        assert_accessible(page)
        page.fill("textarea[name=text]", "Sudah saya unggah ulang.")
        page.set_input_files("input[name='file_kartu-keluarga']", str(scan))
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        expect(page.locator("[data-status]").first).to_have_attribute(
            "data-status", "resubmitted"
        )

        # the officer accepts every document and verifies (the first sign-off)
        desk.reload()
        checks = desk.locator("form[action$='/periksa/']")
        for index in range(checks.count()):
            check = desk.locator("form[action$='/periksa/']").nth(index)
            check.locator("input[name=decision][value=ok]").check()
            check.locator("button[type=submit]").click()
            desk.wait_for_load_state()
        desk.locator("form[action$='/setujui/'] button[type=submit]").click()
        desk.wait_for_load_state()
        expect(desk.locator(".alert--success")).to_contain_text("Penandatanganan")

        # the agency head signs: a confirmation page says what the register records
        head = browser_context(DESKTOP).new_page()
        _log_in(head, base, world.head)
        _pass_two_factor(head, world.head)
        head.goto(desk.url)
        head.locator("form[action$='/setujui/'] button[type=submit]").click()
        head.wait_for_load_state()
        expect(head.locator("main")).to_contain_text("NIK")
        expect(head.locator("main")).to_contain_text("Putri Ayu Lestari")
        assert_accessible(head)  # the confirmation of the register change
        head.locator("form[action$='/setujui/'] button[type=submit]").click()
        head.wait_for_load_state()
        expect(head.locator("[data-status]").first).to_have_attribute(
            "data-status", "completed"
        )
        # the officers see the issued document: they download it and check it on
        # the public verification page, as a citizen's counterpart would
        expect(head.locator("[data-issued]")).to_be_visible()
        assert_accessible(head)
        with head.expect_download() as staff_download:
            head.locator("[data-issued-download]").click()
        staff_copy = tmp_path / "akta-petugas.pdf"
        staff_download.value.save_as(staff_copy)
        head.locator("[data-issued-verify]").click()
        head.wait_for_url("**/verify/*")
        expect(head.locator("[data-outcome]")).to_have_attribute(
            "data-outcome", "authentic"
        )
        head.goto(f"{base}/verify/")
        head.set_input_files("input[type=file]", str(staff_copy))
        head.locator("form[enctype] button[type=submit]").click()
        head.wait_for_load_state()
        expect(head.locator("[data-outcome]")).to_have_attribute(
            "data-outcome", "authentic"
        )
        # a changed byte is caught
        tampered = tmp_path / "akta-ubah.pdf"
        data = bytearray(staff_copy.read_bytes())
        middle = len(data) // 2
        data[middle] = (data[middle] + 1) % 256
        tampered.write_bytes(bytes(data))
        head.goto(f"{base}/verify/")
        head.set_input_files("input[type=file]", str(tampered))
        head.locator("form[enctype] button[type=submit]").click()
        head.wait_for_load_state()
        outcome = head.locator("[data-outcome]")
        expect(outcome).not_to_have_attribute("data-outcome", "authentic")
        assert_accessible(head)

        # the citizen sees the approval and downloads the signed PDF
        page.reload()
        assert_accessible(page)
        expect(page.locator("[data-status]").first).to_have_attribute(
            "data-status", "completed"
        )
        with page.expect_download() as download_info:
            page.locator("[data-output-download]").click()
        signed = tmp_path / "akta.pdf"
        download_info.value.save_as(signed)
        assert signed.read_bytes().startswith(b"%PDF")

        # anyone verifies it on the public page (the QR code's address)
        application = Application.objects.get(number=number)
        child_nik = application.register_values["child_nik"]
        issued = documents_for_reference(number).get()
        public = browser_context(DESKTOP).new_page()
        public.goto(f"{base}/verify/{issued.code}")
        expect(public.locator("[data-outcome]")).to_have_attribute(
            "data-outcome", "authentic"
        )
        public.goto(f"{base}/verify/")
        public.set_input_files("input[type=file]", str(signed))
        public.locator("form[enctype] button[type=submit]").click()
        public.wait_for_load_state()
        expect(public.locator("[data-outcome]")).to_have_attribute(
            "data-outcome", "authentic"
        )
        assert len(child_nik) == 16
        assert csp == []
    finally:
        # ORM calls inside Playwright's greenlet opened their own connection
        connections.close_all()
