# SPDX-License-Identifier: EUPL-1.2
"""In a real browser at phone width: live search with htmx, then the service page."""

from __future__ import annotations

import re

import pytest


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
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    assert violations == []
