# SPDX-License-Identifier: EUPL-1.2
"""In a real browser at phone width: scan result page, then upload a forged PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from balai.cases.documents import selectors
from balai.core.testing.browser import assert_accessible


@pytest.fixture
def signed(transactional_db, issue, tmp_path) -> tuple[Any, Path]:
    """A signed document and a forged copy, made before the browser starts (signing
    runs its own event loop, which may not nest in Playwright's)."""
    document = issue(number="3273-LU-28112026-0001")
    data = selectors.document_pdf(document)
    forged = tmp_path / "akta.pdf"
    forged.write_bytes(data.replace(b"28112026-0001)", b"28112026-0009)", 1))
    return document, forged


@pytest.mark.browser
def test_public_verification_in_the_browser(live_server, signed, phone_page):
    document, forged = signed
    page = phone_page
    page.goto(f"{live_server.url}/verify/{document.code}")

    result = page.locator(".verify-result")
    assert result.get_attribute("data-outcome") == "authentic"
    assert "Asli dan berlaku" in result.inner_text()
    assert "B. S." in page.inner_text("main")
    assert "Budi" not in page.content()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "the page must not scroll sideways on a phone"
    assert_accessible(page)

    page.get_by_label("Berkas PDF", exact=True).set_input_files(str(forged))
    page.get_by_role("button", name="Periksa berkas").click()
    page.wait_for_selector(".verify-result[data-outcome='tampered']")
    assert "Dipalsukan" in page.inner_text(".verify-result")
    assert_accessible(page)
