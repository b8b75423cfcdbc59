# SPDX-License-Identifier: EUPL-1.2
"""A citizen votes in a poll on a 360 px phone, gets a receipt and checks it on the
public receipt page (Debian chromium through Playwright; axe-core on every page)."""

from __future__ import annotations

import re

import pytest

from balai.accounts.tests.factories import PASSWORD
from balai.core.testing.browser import assert_accessible, log_in, watch_errors
from balai.participation.models import PollParticipation
from balai.participation.tests.poll_factories import citizen, make_poll
from balai.regions.testing import load_sample_regions
from balai.registry.tests.factories import register_officer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


def test_a_citizen_votes_and_checks_the_receipt_on_a_phone(live_server, phone_page):
    load_sample_regions()
    voter = citizen(actor=register_officer())
    poll = make_poll(title="Nama taman baru", options=("Taman Merdeka", "Taman Asri"))
    page = phone_page
    errors = watch_errors(page)
    base = live_server.url

    log_in(page, base, voter.email, PASSWORD)
    page.goto(f"{base}/partisipasi/")
    page.get_by_role("link", name="Nama taman baru").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.get_by_label("Taman Asri").check()
    page.locator("#vote form button[type=submit]").click()
    receipt = page.locator("[data-testid=receipt-code]")
    receipt.wait_for()
    code = CODE.search(receipt.inner_text()).group(0)
    assert_accessible(page)
    assert PollParticipation.objects.filter(poll=poll).count() == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the receipt page scrolls sideways ({width}px)"

    page.goto(f"{base}/partisipasi/jajak-pendapat/cek-tanda-terima/")
    page.fill("input[name=code]", code.lower().replace("-", " "))
    page.locator("main form button[type=submit]").click()
    result = page.locator("[data-testid=receipt-result]")
    result.wait_for()
    assert "Nama taman baru" in result.inner_text()
    assert "alert--success" in (result.get_attribute("class") or "")
    assert_accessible(page)
    assert not errors, errors
