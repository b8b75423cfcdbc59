# SPDX-License-Identifier: EUPL-1.2
"""The PWA in a real browser (Debian's chromium, phone viewport, Playwright).

A signed-in citizen files a report with a camera photo and the device's location, goes
offline, files a second one that waits in the phone's queue (nothing reaches the
server), comes back online and sees it sent exactly once; an officer moves it on and
the citizen sees that under "Laporan Saya".
"""

from __future__ import annotations

import io
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.test import Client

import pytest
from PIL import Image

from balai.accounts.tests.conftest import login, pass_two_factor
from balai.accounts.tests.factories import AgencyFactory, StaffFactory, UserFactory
from balai.core.testing.browser import PHONE, assert_accessible
from balai.reports.constants import Status
from balai.reports.models import Report
from balai.reports.tests.test_pwa_submit import make_category

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BANDUNG = {"latitude": -6.914744, "longitude": 107.60981, "accuracy": 12}
BUDGET_BYTES = 200 * 1024


def gps_jpeg(path: Path) -> Path:
    """A camera-like JPEG carrying EXIF GPS (the server must strip it)."""
    image = Image.new("RGB", (1200, 900), (90, 120, 60))
    exif = Image.Exif()
    exif[0x010F] = "Kamera Uji"  # Make
    gps = exif.get_ifd(0x8825)
    gps.update({1: "S", 2: (6.0, 54.0, 53.0), 3: "E", 4: (107.0, 36.0, 35.0)})
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif, quality=90)
    path.write_bytes(buffer.getvalue())
    return path


def wait_for(check: Callable[[], Any], timeout: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


def session_cookie(user: Any, base_url: str) -> dict[str, Any]:
    client = Client()
    client.force_login(user, backend="balai.accounts.backends.LoginBackend")
    return {
        "name": "sessionid",
        "value": client.cookies["sessionid"].value,
        "url": base_url,
    }


def fill_report(page: Any, text: str, photo: Path | None = None) -> None:
    page.check("#id_service_code_0")
    page.fill("#id_description", text)
    if photo is not None:
        page.set_input_files("#id_photos", str(photo))
        page.wait_for_selector("#pwa-photo-previews img")
    page.click("#pwa-locate")
    page.wait_for_function("() => document.querySelector('#id_lat').value !== ''")
    page.fill("#id_address", "Depan SDN 3 Jl. Melati")


def test_offline_queue_sends_once_and_citizen_sees_the_update(
    live_server: Any, browser_context: Callable[..., Any], tmp_path: Path
) -> None:
    make_category()
    citizen = UserFactory()
    officer = StaffFactory(agency=AgencyFactory(code="diskominfo"))
    base = live_server.url
    context = browser_context(
        PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        geolocation=BANDUNG,
        permissions=["geolocation"],
        locale="id-ID",
    )
    context.add_cookies([session_cookie(citizen, base)])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: message.type == "error" and errors.append(message.text),
    )
    transfer: dict[str, int] = {}

    def count(request: Any) -> None:
        if urlsplit(request.url).netloc == urlsplit(base).netloc:
            sizes = request.sizes()
            transfer[request.url] = (
                sizes["responseBodySize"] + sizes["responseHeadersSize"]
            )

    page.on("requestfinished", count)

    # first load: installable, service worker active, under the transfer budget
    page.goto(f"{base}/lapor/")
    assert page.evaluate("navigator.serviceWorker.ready.then(r => Boolean(r.active))")
    manifest = page.evaluate(
        "fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())"
    )
    assert manifest["start_url"] == "/lapor/" and manifest["display"] == "standalone"
    page.remove_listener("requestfinished", count)
    first_load = sum(transfer.values())
    assert first_load < BUDGET_BYTES, transfer

    # 360 px: nothing wider than the screen
    page.screenshot(path=str(tmp_path / "lapor-360.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)

    # 1. online, with a photo carrying GPS EXIF and the device's location
    photo = gps_jpeg(tmp_path / "kamera.jpg")
    fill_report(page, "Lubang besar, motor sering jatuh.", photo)
    page.click("form[data-pwa-report] button[type=submit]")
    page.wait_for_selector("#pwa-outcome.alert--success")
    first = Report.objects.get()
    assert first.reporter == citizen and first.channel == "pwa"
    assert abs(first.lat - BANDUNG["latitude"]) < 1e-5
    stored = first.photos.get()
    with stored.file.open("rb") as handle, Image.open(handle) as image:
        assert max(image.size) <= 1600
        assert not image.getexif().get_ifd(0x8825)  # no GPS left in the stored photo
    assert page.evaluate("document.activeElement.id") == "pwa-outcome"

    # 2. no signal: the report waits on the phone and nothing reaches the server
    page.reload()
    context.set_offline(True)
    fill_report(page, "Lampu jalan mati di gang sebelah.")
    page.click("form[data-pwa-report] button[type=submit]")
    page.wait_for_selector("#pwa-outcome.alert--warning")
    # the queue's count is rendered once the queue is read back, just after the outcome
    page.wait_for_function(
        "() => document.querySelector('#pwa-status').textContent.includes('1')"
    )
    status = page.text_content("#pwa-status")
    assert "1" in status and ("Menunggu sinyal" in status or "Waiting" in status)
    assert_accessible(page)  # the queued state, as the citizen sees it offline
    queued = page.evaluate("BalaiQueue.list()")
    assert len(queued) == 1
    token = uuid.UUID(queued[0]["client_token"])
    time.sleep(2)  # Background Sync must not slip it through while offline
    assert Report.objects.count() == 1
    assert not Report.objects.filter(client_token=token).exists()

    # 3. signal returns: sent, exactly once, and the queue is empty
    context.set_offline(False)
    wait_for(lambda: Report.objects.filter(client_token=token).exists())
    wait_for(lambda: page.evaluate("BalaiQueue.list()") == [])
    page.wait_for_function(
        "() => document.querySelector('#pwa-status').textContent === ''"
    )
    page.evaluate(
        "BalaiQueue.flush({tokenUrl: '/lapor/token/'})"
    )  # a replay is harmless
    assert Report.objects.filter(client_token=token).count() == 1
    assert Report.objects.count() == 2
    second = Report.objects.get(client_token=token)

    # 4. an officer (signed in with a real second factor) moves it on; the citizen
    # sees it under "Laporan Saya"
    desk = Client()
    login(desk, officer)
    pass_two_factor(desk, officer)
    moved = desk.post(
        f"/petugas/laporan/{second.public_id}/status/",
        {"status": Status.IN_PROGRESS, "note": "Petugas PJU dijadwalkan besok pagi."},
    )
    assert moved.status_code == 302, moved.content[:300]
    page.goto(f"{base}/lapor/saya/")
    card = page.locator(f"[data-public-id='{second.public_id}']")
    card.wait_for()
    assert "Petugas PJU dijadwalkan besok pagi." in card.inner_text()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    sent = page.evaluate("BalaiQueue.sent()")
    assert {row["public_id"] for row in sent} == {first.public_id, second.public_id}
    assert not errors, errors


def test_form_works_without_javascript(
    live_server: Any, browser_context: Callable[..., Any]
) -> None:
    make_category()
    context = browser_context(PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/lapor/")
    page.check("#id_service_code_0")
    page.fill("#id_description", "Sampah menumpuk di pinggir sungai.")
    page.fill("#id_address", "Jembatan Cikapundung")
    page.click("form[data-pwa-report] button[type=submit]")
    report = wait_for(lambda: Report.objects.first())
    assert report.address == "Jembatan Cikapundung"
    assert report.public_id in page.url
    assert report.lat is None and report.reporter is None
