# SPDX-License-Identifier: EUPL-1.2
"""End to end in Debian chromium on a phone-sized screen (360 px): a citizen signs
up, and later resets a forgotten password — the code comes from the outbox, the old
session ends, the new password logs in. On the shared fixture
(``balai.core.testing.browser``), with axe-core on every page."""

from __future__ import annotations

import re
from typing import Any

import pytest

from balai.accounts.tests.factories import PASSWORD, UserFactory
from balai.core.testing.browser import assert_accessible

PHONE = {"width": 360, "height": 740}
NEW_PASSWORD = "Jeruk-Nipis-Segar-71"


def _code(outbox: list, template: str) -> str:
    message = next(m for m in reversed(outbox) if m.template == template)
    match = re.search(r"\b(\d{6})\b", message.body)
    assert match, message.body
    return match.group(1)


def _fits_the_screen(page: Any) -> None:
    """No sideways scrolling at 360 px, and no serious or critical axe violation."""
    assert page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth + 1"
    ), "the page scrolls sideways on a 360 px screen"
    assert_accessible(page)


def _submit(page: Any) -> None:
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


@pytest.mark.browser
def test_a_citizen_signs_up_on_a_phone(
    transactional_db, live_server, sample_regions, outbox, browser
):
    from balai.accounts.models import User

    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(f"{live_server.url}/akun/daftar/")
    _fits_the_screen(page)
    page.fill("input[name=nik]", "3273 0152 0890 0007")
    page.fill("input[name=full_name]", "Nur Aini")
    page.fill("input[name=birth_date]", "1990-08-12")
    page.fill("input[name=email]", "nur.aini@contoh.id")
    page.fill("input[name=password]", "Kopi-Tubruk-88")
    page.fill("input[name=password_again]", "Kopi-Tubruk-88")
    _submit(page)
    assert page.url.endswith("/akun/daftar/verifikasi/")
    assert "n***@contoh.id" in page.content()
    _fits_the_screen(page)

    page.fill("input[name=code]", _code(outbox, "signup_code"))
    _submit(page)
    assert page.url.endswith("/akun/")
    user = User.objects.get_by_login("nur.aini@contoh.id")
    assert user is not None and user.is_active
    _fits_the_screen(page)


@pytest.mark.browser
def test_a_citizen_resets_a_forgotten_password_on_a_phone(
    transactional_db, live_server, outbox, browser
):
    user = UserFactory(email="dewi@contoh.id")
    base = live_server.url

    # a session elsewhere, logged in with the old password
    old = browser.new_context(viewport=PHONE).new_page()
    old.goto(f"{base}/akun/masuk/")
    old.fill("input[name=username]", user.email)
    old.fill("input[name=password]", PASSWORD)
    _submit(old)
    assert old.url.endswith("/akun/")

    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(f"{base}/akun/masuk/")
    page.get_by_role("link", name="Lupa kata sandi?").click()
    page.wait_for_load_state()
    _fits_the_screen(page)
    page.fill("input[name=identifier]", "dewi@contoh.id")
    _submit(page)
    assert page.url.endswith("/akun/lupa-sandi/kode/")
    assert "d***@contoh.id" in page.content()
    _fits_the_screen(page)

    page.fill("input[name=code]", _code(outbox, "password_reset"))
    page.fill("input[name=password]", NEW_PASSWORD)
    page.fill("input[name=password_again]", NEW_PASSWORD)
    _submit(page)
    assert page.url.endswith("/akun/masuk/")
    assert "Kata sandi Anda telah diubah" in page.content()

    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", NEW_PASSWORD)
    _submit(page)
    assert page.url.endswith("/akun/")

    # the session that used the old password is over
    old.goto(f"{base}/akun/")
    assert "/akun/masuk/" in old.url
