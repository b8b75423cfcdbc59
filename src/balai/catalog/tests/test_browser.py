# SPDX-License-Identifier: EUPL-1.2
"""In a real browser at phone width: live search with htmx, then the service page
(with who decides, from the approval chain); axe-core on both pages."""

from __future__ import annotations

import re

import pytest

from balai.core.testing.browser import assert_accessible


@pytest.mark.browser
def test_live_search_and_service_page_on_a_phone(
    transactional_db, live_server, phone_page
):
    from playwright.sync_api import expect

    page = phone_page
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.goto(f"{live_server.url}/layanan/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "the page must not scroll sideways on a phone"
    assert_accessible(page)

    # typing searches live (htmx swaps the results, the address follows)
    page.get_by_label("Cari layanan").fill("akte lahir")
    first = page.locator("#results .card__title a").first
    first.wait_for()
    assert first.inner_text() == "Akta Kelahiran"
    expect(page).to_have_url(re.compile(r"/layanan/\?q=akte(\+|%20)lahir$"))
    assert page.locator("html").count() == 1  # a swap, not a new page

    first.click()
    page.wait_for_url("**/layanan/akta-kelahiran/")
    assert page.locator("h1").inner_text() == "Akta Kelahiran"
    assert "3 hari kerja" in page.inner_text("main")
    # who decides, from the declared approval chain
    chain = page.locator("[data-approval-chain]").inner_text()
    assert chain.index("Petugas") < chain.index("Kepala instansi")
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    assert violations == []
