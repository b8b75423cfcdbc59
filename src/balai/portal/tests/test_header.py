# SPDX-License-Identifier: EUPL-1.2
"""The header: one compact bar, the menu behind a <details> button, staff's work first.

(How much room it takes on a 360 px phone is measured in a real browser:
``balai.reports.tests.test_browser_journeys``.)
"""

from __future__ import annotations

import re

import pytest

from balai.accounts.tests.conftest import login, pass_two_factor
from balai.accounts.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def _menu(html: str) -> str:
    match = re.search(r'<details class="site-menu".*?</details>', html, re.S)
    assert match, "no <details> menu"
    return match.group(0)


def test_menu_folds_behind_a_button_that_needs_no_javascript(client):
    html = client.get("/").content.decode()
    menu = _menu(html)
    assert '<summary class="site-menu__toggle">' in menu
    assert "<span>Menu</span>" in menu
    assert '<nav class="site-nav" aria-label="Navigasi utama">' in menu
    assert 'class="lang-switch"' in menu  # the language choice folds in too
    assert 'href="/akun/masuk/"' in menu and 'href="/akun/daftar/"' in menu
    assert html.index("site-brand") < html.index("<details")


def test_citizen_menu_has_no_staff_area(client, citizen):
    client.force_login(citizen, backend="balai.accounts.backends.LoginBackend")
    menu = _menu(client.get("/").content.decode())
    assert 'href="/akun/staf/"' not in menu
    assert 'href="/data-saya/"' in menu


def test_staff_find_their_work_area_first_in_the_menu(client):
    officer = StaffFactory()
    login(client, officer)
    pass_two_factor(client, officer)
    menu = _menu(client.get("/").content.decode())
    links = re.findall(r'class="site-nav__link" href="([^"]+)"', menu)
    assert links[:2] == ["/", "/akun/staf/"]
    page = _menu(client.get("/akun/staf/").content.decode())
    assert 'href="/akun/staf/" aria-current="page">Area petugas<' in page
