# SPDX-License-Identifier: EUPL-1.2
"""In Debian chromium at phone width: an application with a fee waits for payment,
the citizen pays it through the payment simulator, and it moves on to review."""

from __future__ import annotations

from typing import Any

import pytest

from balai.accounts.tests.factories import PASSWORD
from balai.core.testing.browser import PHONE


@pytest.fixture
def awaiting(transactional_db, signing_pki) -> Any:
    from balai.cases import services
    from balai.cases.tests.support import make_world, paid_service, pdf
    from balai.regions.testing import load_sample_regions

    load_sample_regions(("32.73.01",))
    world = make_world(signing_pki)
    application = services.application_start(
        actor=world.citizen, service=paid_service(), answers={"purpose": "Uji bayar"}
    )
    services.document_upload(
        actor=world.citizen, application=application, requirement_code="ktp", file=pdf()
    )
    application = services.application_submit(
        actor=world.citizen, application=application
    )
    return world.citizen, application


@pytest.mark.browser
def test_an_application_with_a_fee_moves_on_after_payment(
    live_server, awaiting, browser_context
):
    from balai.cases.constants import Status

    citizen, application = awaiting
    assert application.status == Status.AWAITING_PAYMENT
    base = live_server.url
    page = browser_context(PHONE).new_page()
    page.goto(f"{base}/akun/masuk/")
    page.fill("input[name=username]", citizen.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()

    page.goto(f"{base}/permohonan/{application.pk}/")
    assert "Menunggu pembayaran" in page.inner_text("main")
    page.locator("[data-testid=pay]").click()
    page.wait_for_url("**/bayar/simulator/**")
    assert "Rp50.000" in page.inner_text("[data-testid=amount]")
    page.get_by_role("button", name="Bayar sekarang (simulasi)").click()
    page.wait_for_load_state()
    assert "Lunas" in page.inner_text("[data-testid=status]")

    page.goto(f"{base}/permohonan/{application.pk}/")
    assert "Sedang ditinjau" in page.inner_text("main")
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
