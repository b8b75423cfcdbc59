# SPDX-License-Identifier: EUPL-1.2
"""The one browser fixture: Debian's Chromium driven by Playwright's sync API.

Registered by ``src/balai/conftest.py``; every browser test uses these fixtures
instead of launching Chromium itself, so the executable, its arguments and the
viewports are the same everywhere (docs/development.md, "Browser tests").

- ``browser``: a launched Chromium (one per test: Playwright's sync API keeps an
  event loop in the test's thread, which must not outlive the test).
- ``browser_context(viewport=..., **options)``: a new context, closed after the test.
- ``phone_page`` (360×800, touch, mobile) and ``desktop_page`` (1280×800).
- the journey helpers every browser test shares: ``log_in`` and ``pass_two_factor``
  through the real pages, ``watch_errors``, ``wait_for``, and axe-core (vendored in
  ``vendor/axe-core/`` as a test asset, never served) as a failing check —
  ``assert_accessible(page)``: zero serious or critical violations.

Where ``/usr/bin/chromium`` (or Playwright) is missing the tests are skipped with a
message saying so, unless ``BALAI_REQUIRE_BROWSER=1`` (set by ``.ci/run``), which turns
the skip into a failure: CI never passes without running them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 800}
REQUIRE_VARIABLE = "BALAI_REQUIRE_BROWSER"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


def _unavailable(reason: str) -> None:
    """Skip, or fail where the environment says the browser must be there."""
    if os.environ.get(REQUIRE_VARIABLE) == "1":
        pytest.fail(f"{reason} ({REQUIRE_VARIABLE}=1: browser tests must run here)")
    pytest.skip(f"{reason}; install Debian's chromium to run the browser tests")


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Chromium at /usr/bin/chromium with the project's arguments."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (requirements-dev.lock)")
    # Playwright's loop runs in this thread; the ORM calls the test makes beside it
    # are still synchronous, so Django's async guard is lifted for this test only.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def browser_context(browser: Any) -> Iterator[Callable[..., Any]]:
    """``browser_context(viewport=PHONE, **options)``: a new context (Playwright's
    ``new_context`` options), closed after the test."""
    made: list[Any] = []

    def make(viewport: dict[str, int] | None = None, **options: Any) -> Any:
        context = browser.new_context(viewport=viewport or PHONE, **options)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@pytest.fixture
def phone_page(browser_context: Callable[..., Any]) -> Any:
    """A page on a 360×800 touch phone, Indonesian locale."""
    context = browser_context(PHONE, is_mobile=True, has_touch=True, locale="id-ID")
    return context.new_page()


@pytest.fixture
def desktop_page(browser_context: Callable[..., Any]) -> Any:
    """A page in a 1280×800 desktop window, Indonesian locale."""
    return browser_context(DESKTOP, locale="id-ID").new_page()


def watch_errors(page: Any) -> list[str]:
    """JavaScript errors and console errors of ``page`` (CSP refusals included)."""
    errors: list[str] = []

    def on_console(message: Any) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", on_console)
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
