# SPDX-License-Identifier: EUPL-1.2
"""Citizens' and officers' journeys in a real browser (Debian chromium, 360 px).

Reporting in every seeded category with its own questions, online; a pothole filed
without signal and sent when it returns; the queue's correction path when the city
added a question meanwhile; a pin placed on a map with no tile server, which the
officer's map then shows; a header that leaves the screen to the content; and the
revision request a citizen answers. axe-core runs on every page as a failing check.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.test import Client

import pytest

from balai.accounts.tests.factories import PASSWORD, StaffFactory, UserFactory
from balai.reports.models import Category, Report
from balai.reports.seed import seed_catalogue
from balai.reports.seed_questions import QUESTIONS
from balai.reports.tests.browser import (  # the fixture "browser": conftest.py
    PHONE,
    assert_accessible,
    content_top,
    desktop,
    log_in,
    no_sideways_scroll,
    pass_two_factor,
    phone,
    wait_for,
    watch_errors,
)
from balai.reports.tests.factories import agency

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBMIT = "form[data-pwa-report] button[type=submit]"
TEXT_ANSWERS = {"string": "PJU-0412", "text": "Ubin lepas sepanjang dua meter."}


def _world() -> dict[str, Any]:
    """The demo's categories and areas, routed to their agencies."""
    agencies = {code: agency(code) for code in ("dinas-pu", "dlh", "diskominfo")}
    seed_catalogue()
    return agencies


def _answer(page: Any, code: str) -> dict[str, Any]:
    """Answer the chosen category's questions like a person; the expected values."""
    expected: dict[str, Any] = {}
    for question in QUESTIONS.get(code, []):
        if question.get("variable", True) is False:
            assert page.get_by_text(question["description"]).is_visible()
            continue
        name = f"a:{code}:{question['code']}"
        kind = question["datatype"]
        if kind == "singlevaluelist":
            key = question["values"][-1]["key"]
            page.check(f"input[name='{name}'][value='{key}']")
            expected[question["code"]] = key
        elif kind == "multivaluelist":
            keys = [v["key"] for v in question["values"][:2]]
            for key in keys:
                page.check(f"input[name='{name}'][value='{key}']")
            expected[question["code"]] = keys
        elif kind == "number":
            page.fill(f"[name='{name}']", "12,5")  # a decimal comma, as typed here
            expected[question["code"]] = "12.5"
        elif kind == "datetime":
            page.fill(f"[name='{name}']", "2026-03-01T19:30")
            expected[question["code"]] = "2026-03-01T19:30:00+07:00"
        else:
            page.fill(f"[name='{name}']", TEXT_ANSWERS[kind])
            expected[question["code"]] = TEXT_ANSWERS[kind]
    return expected


def _describe(page: Any, text: str, address: str = "Jl. Ir. H. Juanda No. 120") -> None:
    page.fill("#id_description", text)
    page.fill("#id_address", address)


def test_every_category_is_reported_through_the_browser(live_server, browser):
    _world()
    citizen = UserFactory()
    context = phone(browser)
    page = context.new_page()
    errors = watch_errors(page)
    log_in(page, live_server.url, citizen.email, PASSWORD)
    codes = list(Category.objects.filter(is_active=True).values_list("code", flat=True))
    assert len(codes) == 9
    for code in codes:
        page.goto(f"{live_server.url}/lapor/")
        page.check(f"input[name=service_code][value='{code}']")
        expected = _answer(page, code)
        if code == "jalan-berlubang":  # the questions are on screen: check them too
            assert_accessible(page)
            assert no_sideways_scroll(page)
        _describe(page, f"Laporan uji untuk {code}.")
        page.click(SUBMIT)
        page.wait_for_selector("#pwa-outcome.alert--success")
        report = Report.objects.get(category__code=code)
        assert report.attributes == expected, code
        assert report.reporter == citizen
    assert Report.objects.count() == len(codes)
    assert_accessible(page)
    assert not errors, errors
    context.close()


def test_pothole_filed_without_signal_is_sent_with_its_answers(live_server, browser):
    _world()
    context = phone(browser)
    page = context.new_page()
    errors = watch_errors(page)
    page.goto(f"{live_server.url}/lapor/")
    assert page.evaluate("navigator.serviceWorker.ready.then(r => Boolean(r.active))")
    page.reload()
    context.set_offline(True)
    page.check("input[name=service_code][value='jalan-berlubang']")
    expected = _answer(page, "jalan-berlubang")
    _describe(page, "Lubang dalam di tikungan, belum ada tanda.")
    page.click(SUBMIT)
    page.wait_for_selector("#pwa-outcome.alert--warning")
    queued = page.evaluate("BalaiQueue.list()")
    assert len(queued) == 1 and not Report.objects.exists()
    assert queued[0]["fields"]["a:jalan-berlubang:ukuran"] == "besar"
    context.set_offline(False)
    # wait on the phone's side (the queue empties after the server's answer), then
    # look in the database: no polling of SQLite while the server writes
    wait_for(lambda: page.evaluate("BalaiQueue.list()") == [])
    report = Report.objects.get()
    assert report.category.code == "jalan-berlubang"
    assert report.attributes == expected
    assert not errors, errors
    context.close()


def test_queued_report_is_corrected_when_the_city_added_a_question(
    live_server, browser
):
    _world()
    context = phone(browser)
    page = context.new_page()
    page.goto(f"{live_server.url}/lapor/")
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()
    context.set_offline(True)
    page.check("input[name=service_code][value='trotoar-rusak']")
    _describe(page, "Trotoar ambles di depan toko.")
    page.click(SUBMIT)
    page.wait_for_selector("#pwa-outcome.alert--warning")
    token = uuid.UUID(page.evaluate("BalaiQueue.list()")[0]["client_token"])

    # meanwhile the city asks a new, required question for this category
    sidewalk = Category.objects.get(code="trotoar-rusak")
    sidewalk.attributes = [
        *sidewalk.attributes,
        {
            "code": "lebar",
            "datatype": "number",
            "required": True,
            "order": 2,
            "variable": True,
            "description": "Perkiraan lebar kerusakan (cm)",
            "description_en": "Estimated width of the damage (cm)",
        },
    ]
    sidewalk.save()

    context.set_offline(False)
    wait_for(lambda: page.evaluate("BalaiQueue.list()")[0]["state"] == "invalid")
    assert not Report.objects.exists()
    page.reload()  # the page now asks the new question too
    item = page.locator(".pwa-queue__item[data-state=invalid]")
    item.get_by_role("button").click()
    summary = page.locator("#pwa-errors .error-summary")
    summary.wait_for()
    text = summary.inner_text()
    assert "Perkiraan lebar kerusakan (cm)" in text
    assert "lebar" not in text.replace("Perkiraan lebar", "")  # never the code
    assert page.input_value("#id_description") == "Trotoar ambles di depan toko."
    assert_accessible(page)
    page.fill("[name='a:trotoar-rusak:lebar']", "80")
    page.click(SUBMIT)
    page.wait_for_selector("#pwa-outcome.alert--success")
    report = Report.objects.get()
    assert report.client_token == token  # the same report, once
    assert report.attributes == {"lebar": "80"}
    context.close()


def test_pin_placed_without_a_tile_server_reaches_the_officers_map(
    live_server, browser, settings
):
    settings.MAP_TILE_URL = ""
    agencies = _world()
    context = phone(browser)
    page = context.new_page()
    errors = watch_errors(page)
    page.goto(f"{live_server.url}/lapor/")
    page.check("input[name=service_code][value='pju-mati']")
    page.click("#pwa-map-open")
    page.wait_for_selector("#pwa-map[data-ready=true]")
    page.wait_for_selector(".basemap__label")  # the areas, drawn without tiles
    assert page.locator(".leaflet-tile").count() == 0
    assert_accessible(page)
    box = page.locator("#pwa-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.4, box["y"] + box["height"] * 0.6)
    page.wait_for_function("() => document.querySelector('#id_lat').value !== ''")
    lat = float(page.input_value("#id_lat"))
    lon = float(page.input_value("#id_lon"))
    assert page.locator("#pwa-map .leaflet-marker-icon").count() == 1
    page.fill("#id_description", "Lampu mati di titik yang saya tandai.")
    page.click(SUBMIT)
    page.wait_for_selector("#pwa-outcome.alert--success")
    report = Report.objects.get()
    assert (report.lat, report.lon) == (round(lat, 6), round(lon, 6))
    assert report.agency == agencies["dinas-pu"]
    assert not errors, errors
    context.close()

    officer = StaffFactory(agency=agencies["dinas-pu"])
    context = desktop(browser)
    page = context.new_page()
    errors = watch_errors(page)
    log_in(page, live_server.url, officer.email, PASSWORD)
    pass_two_factor(page, officer)
    page.goto(f"{live_server.url}/petugas/laporan/peta/")
    page.wait_for_selector("#reports-map[data-ready]")
    pin = page.locator(f".leaflet-marker-icon[title^='{report.public_id}']")
    assert pin.count() == 1 and pin.is_visible()
    assert page.locator(".leaflet-tile").count() == 0
    # the areas' GeoJSON arrives after the pins (its own fetch): wait for its labels
    page.wait_for_selector(".basemap__label")
    assert_accessible(page)
    page.goto(f"{live_server.url}/petugas/laporan/{report.public_id}/")
    assert_accessible(page)
    assert not errors, errors
    context.close()


def test_header_leaves_the_phone_screen_to_the_content(live_server, browser):
    agencies = _world()
    top_limit = PHONE["height"] * 0.2
    citizen = UserFactory()
    officer = StaffFactory(agency=agencies["dinas-pu"])
    for person, pages, staff in (
        (citizen, ["/", "/lapor/", "/permohonan/", "/data-saya/"], False),
        (officer, ["/akun/staf/", "/petugas/laporan/", "/petugas/laporan/peta/"], True),
    ):
        context = phone(browser)
        page = context.new_page()
        log_in(page, live_server.url, person.email, PASSWORD)
        if staff:
            pass_two_factor(page, officer)
        for path in pages:
            page.goto(f"{live_server.url}{path}")
            top = content_top(page)
            assert top <= top_limit, f"{path}: content starts at {top}px"
            assert no_sideways_scroll(page), path
            assert_accessible(page)
        menu = page.locator("summary.site-menu__toggle")
        assert menu.is_visible()
        assert not page.locator(".site-nav").is_visible()
        menu.click()
        assert page.locator(".site-nav").is_visible()
        work = page.locator(".site-nav a[href='/akun/staf/']")
        assert work.count() == (1 if staff else 0)
        assert_accessible(page)
        page.set_viewport_size({"width": 1366, "height": 900})
        page.goto(f"{live_server.url}{pages[0]}")
        assert not menu.is_visible()  # wide screens: the links lie in the bar
        assert page.locator(".site-nav a[href='/']").is_visible()
        context.close()

    # without JavaScript the button still opens the menu (<details>)
    context = phone(browser, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    assert not page.locator(".site-nav").is_visible()
    page.click("summary.site-menu__toggle")
    assert page.locator(".site-nav a[href='/akun/masuk/']").is_visible()
    context.close()


def test_answering_a_revision_request_is_readable(live_server, browser):
    """The "Jawab" button inside the revision notice had 1.3:1 contrast."""
    from balai.accounts.tests.conftest import login
    from balai.accounts.tests.conftest import pass_two_factor as second_factor
    from balai.cases.models import Application
    from balai.cases.tests.support import make_world, submitted
    from balai.regions.testing import load_sample_regions

    load_sample_regions(("32.73.01",))
    world = make_world()
    application = submitted(world)
    desk = Client()  # the officer, signed in with the real second factor
    login(desk, world.officer)
    second_factor(desk, world.officer)
    base = f"/petugas/permohonan/{application.pk}"
    assert desk.post(f"{base}/ambil/").status_code == 302
    asked = desk.post(
        f"{base}/perbaikan/",
        {"reason": "Foto kartu keluarga buram.", "requirements": ["kartu-keluarga"]},
    )
    assert asked.status_code == 302
    assert Application.objects.get(pk=application.pk).status == "needs_revision"

    context = phone(browser)
    page = context.new_page()
    log_in(page, live_server.url, world.citizen.email, PASSWORD)
    page.goto(f"{live_server.url}/permohonan/{application.pk}/")
    answer = page.locator(".alert a.button")
    assert answer.is_visible()
    colours = answer.evaluate(
        "el => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]"
    )
    assert colours[0] != colours[1]
    assert_accessible(page)
    answer.click()
    page.wait_for_load_state()
    assert_accessible(page)
    context.close()


def test_a_neighbour_follows_a_report_and_hears_of_the_officers_update(
    live_server, browser, settings
):
    """A report filed on a phone; another citizen follows it from its public page;
    the officer starts work on the board; the follower is told (the outbox)."""
    from balai.notifications.models import Message

    settings.MAP_TILE_URL = ""
    agencies = _world()
    context = phone(browser)
    page = context.new_page()
    page.goto(f"{live_server.url}/lapor/")
    page.check("input[name=service_code][value='pju-mati']")
    page.click("#pwa-map-open")
    page.wait_for_selector("#pwa-map[data-ready=true]")
    box = page.locator("#pwa-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    page.wait_for_function("() => document.querySelector('#id_lat').value !== ''")
    page.fill("#id_description", "Lampu jalan mati sejak kemarin malam.")
    page.click(SUBMIT)
    page.wait_for_selector("#pwa-outcome.alert--success")
    report = Report.objects.get()
    context.close()

    neighbour = UserFactory()
    context = phone(browser)
    page = context.new_page()
    errors = watch_errors(page)
    log_in(page, live_server.url, neighbour.email, PASSWORD)
    page.goto(f"{live_server.url}/laporan/{report.public_id}/")
    assert_accessible(page)
    page.locator("main form[action$='/ikuti/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("main form[action$='/ikuti/'] input[value=unfollow]").count()
    assert_accessible(page)
    assert not errors, errors
    context.close()

    officer = StaffFactory(agency=agencies["dinas-pu"])
    context = desktop(browser)
    desk = context.new_page()
    log_in(desk, live_server.url, officer.email, PASSWORD)
    pass_two_factor(desk, officer)
    desk.goto(f"{live_server.url}/petugas/laporan/{report.public_id}/")
    assert_accessible(desk)
    desk.select_option("select[name=status]", "in_progress")
    desk.locator("form[action$='/status/'] button[type=submit]").click()
    desk.wait_for_load_state()
    report.refresh_from_db()
    assert report.status == "in_progress"
    assert_accessible(desk)
    context.close()
    told = wait_for(
        lambda: Message.objects.filter(
            user_id=neighbour.pk, template="report_status_changed"
        ).first()
    )
    assert report.public_id in told.body
