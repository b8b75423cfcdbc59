# SPDX-License-Identifier: EUPL-1.2
"""What the browser tests of citizens' and officers' journeys share.

Debian's /usr/bin/chromium through Playwright (never a downloaded browser), phone and
desktop viewports, signing in through the real pages (staff with a real TOTP code),
and axe-core (vendored beside this file as a test asset, never served) as a failing
check: zero serious or critical violations. One module, so that moving to the shared
fixture of ``balai.core.testing`` later is mechanical.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1366, "height": 900}
BANDUNG = {"latitude": -6.8846, "longitude": 107.6133, "accuracy": 12}
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


@pytest.fixture
def browser() -> Iterator[Any]:
    """Debian's chromium, headless; skipped where it is not installed."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def phone(browser: Any, **options: Any) -> Any:
    """A 360 × 800 phone context in Indonesian, with location allowed."""
    settings = {
        "viewport": PHONE,
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
        "locale": "id-ID",
        "geolocation": BANDUNG,
        "permissions": ["geolocation"],
    }
    settings.update(options)
    return browser.new_context(**settings)


def desktop(browser: Any, **options: Any) -> Any:
    return browser.new_context(viewport=DESKTOP, locale="id-ID", **options)


def watch_errors(page: Any) -> list[str]:
    """JavaScript errors and console errors of ``page`` (CSP refusals included)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: message.type == "error" and errors.append(message.text),
    )
    return errors


def wait_for(check: Callable[[], Any], timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


def log_in(page: Any, base: str, email: str, password: str) -> None:
    """Sign in through the login page, as a person would."""
    page.goto(f"{base}/akun/masuk/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def pass_two_factor(page: Any, user: Any) -> None:
    """Staff: type the current code of an enrolled authenticator (TOTP)."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="browser", confirmed=True)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.fill("input[name=token]", f"{code:06d}")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "/akun/2fa/" not in page.url, "the second factor was refused"


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not page.evaluate("Boolean(window.axe)"):
        # evaluated through the DevTools protocol: the page's CSP is not involved and
        # nothing is added to the page's own scripts
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    found = page.evaluate(
        """() => axe.run(document, {resultTypes: ["violations"]}).then(r =>
             r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))})))"""
    )
    return [v for v in found if v["impact"] in BLOCKING]


def assert_accessible(page: Any) -> None:
    """Fail on any serious or critical axe-core violation (with what and where)."""
    violations = axe_violations(page)
    assert not violations, f"{page.url}: {violations}"


def content_top(page: Any) -> float:
    """Where the page's own content starts (its first visible element in <main>:
    breadcrumbs, a message or the heading), in CSS pixels from the top."""
    return page.evaluate(
        """(() => {
          const all = document.querySelectorAll("main .container > *, main h1");
          for (const el of all) {
            const box = el.getBoundingClientRect();
            if (box.height > 0) { return box.top + window.scrollY; }
          }
          return Infinity;
        })()"""
    )


def no_sideways_scroll(page: Any) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
