# SPDX-License-Identifier: EUPL-1.2
"""In a real browser at phone width: scan result page, then upload a forged PDF."""

from __future__ import annotations

import pytest

from balai.cases.documents import selectors

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.mark.browser
def test_public_verification_in_the_browser(
    transactional_db, live_server, issue, tmp_path
):
    from playwright.sync_api import sync_playwright

    document = issue(number="3273-LU-28112026-0001")
    data = selectors.document_pdf(document)
    forged = tmp_path / "akta.pdf"
    forged.write_bytes(data.replace(b"28112026-0001)", b"28112026-0009)", 1))

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 360, "height": 740})
            page.goto(f"{live_server.url}/verify/{document.code}")

            result = page.locator(".verify-result")
            assert result.get_attribute("data-outcome") == "authentic"
            assert "Asli dan berlaku" in result.inner_text()
            assert "B. S." in page.inner_text("main")
            assert "Budi" not in page.content()
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, "the page must not scroll sideways on a phone"

            page.get_by_label("Berkas PDF", exact=True).set_input_files(str(forged))
            page.get_by_role("button", name="Periksa berkas").click()
            page.wait_for_selector(".verify-result[data-outcome='tampered']")
            assert "Dipalsukan" in page.inner_text(".verify-result")
        finally:
            browser.close()
