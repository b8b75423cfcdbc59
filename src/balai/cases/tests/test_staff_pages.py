# SPDX-License-Identifier: EUPL-1.2
"""What officers meet: their work area in the main menu, their own services only in
the inbox filter."""

from __future__ import annotations

from django.urls import reverse

from balai.accounts.tests.conftest import login, pass_two_factor


def test_the_inbox_filter_lists_only_the_agencys_services(client, world):
    login(client, world.officer)
    pass_two_factor(client, world.officer)
    page = client.get(reverse("cases:officer-inbox")).content.decode()
    select = page.split('name="service"', 1)[1].split("</select>", 1)[0]
    assert 'value="akta-kelahiran"' in select  # Disdukcapil's
    assert 'value="nib"' not in select  # DPMPTSP's
    assert 'value="surat-domisili"' not in select  # the kelurahan's


def test_staff_see_their_work_area_in_the_main_menu(client, world):
    login(client, world.officer)
    pass_two_factor(client, world.officer)
    page = client.get(reverse("portal:home")).content.decode()
    menu = page.split('class="site-nav', 1)[1].split("</nav>", 1)[0]
    assert f'href="{reverse("accounts:staff-home")}"' in menu
    client.logout()
    login(client, world.citizen)
    page = client.get(reverse("portal:home")).content.decode()
    menu = page.split('class="site-nav', 1)[1].split("</nav>", 1)[0]
    assert reverse("accounts:staff-home") not in menu
