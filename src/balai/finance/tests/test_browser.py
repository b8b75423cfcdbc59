# SPDX-License-Identifier: EUPL-1.2
"""In a real browser at phone width: a leader drills down from the regency's total to
one entry, and the public portal shows the same figure; the finance officer's import
page fits the phone too."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.test import Client
from django.utils import timezone

import pytest

from balai.accounts.constants import Role
from balai.accounts.tests.conftest import login, pass_two_factor
from balai.accounts.tests.factories import StaffFactory
from balai.finance.services.journal import spending_post
from balai.finance.tests.helpers import ATK, ROAD, approved_budget, item


@pytest.fixture
def leader_session(transactional_db: Any, agency: Any, keeper: Any) -> str:
    """A year of budget with two SP2Ds, and a signed-in, 2FA-verified agency head's
    session cookie (made through the real log-in and 2FA pages)."""
    from balai.finance.services.codes import codes_load_all

    codes_load_all()
    year = timezone.localdate().year
    road, atk = item(agency, ROAD), item(agency, ATK)
    approved_budget(keeper, year, {road: 3_000_000, atk: 400_000})
    for number, (budget_item, amount, text) in enumerate(
        [(road, 1_200_000, "Tambal jalan Dago"), (atk, 150_000, "Kertas HVS")], 1
    ):
        spending_post(
            actor=keeper,
            item=budget_item,
            amount=amount,
            date=dt.date(year, 1, 10),
            document_number=f"SP2D/{number:04d}/{year}",
            description=text,
        )
    head = StaffFactory(agency=agency, roles=[Role.AGENCY_HEAD])
    client = Client()
    login(client, head)
    pass_two_factor(client, head)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.mark.browser
def test_a_leader_drills_down_to_one_entry_on_a_phone(
    live_server: Any, leader_session: str, keeper: Any, phone_page: Any
) -> None:
    page = phone_page
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": leader_session,
                "url": live_server.url,
            }
        ]
    )
    page.goto(f"{live_server.url}/keuangan/")
    total = page.get_by_test_id("total-spending").inner_text()
    assert total == "Rp1.350.000"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("link", name="Dinas Pekerjaan Umum").click()
    page.get_by_role("link", name="Pemeliharaan Rutin Jalan").click()
    assert page.get_by_test_id("item-realised").inner_text().startswith("Rp1.200.000")
    page.get_by_role("link", name="Tambal jalan Dago").click()
    assert page.get_by_test_id("entry-description").inner_text() == "Tambal jalan Dago"
    assert "5.2.04.01.01.0012" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.goto(f"{live_server.url}/anggaran/")
    assert page.get_by_test_id("spending-realised").inner_text() == total
    assert "Tambal jalan Dago" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # the curves

    # the finance officer's import page fits the phone as well
    client = Client()
    login(client, keeper)
    pass_two_factor(client, keeper)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto(f"{live_server.url}/keuangan/impor/")
    assert page.get_by_role("heading", level=1).inner_text() == "Impor SIPD"
    assert page.locator("input[type=file]").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
