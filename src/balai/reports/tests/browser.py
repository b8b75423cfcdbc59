# SPDX-License-Identifier: EUPL-1.2
"""What the reports' browser journeys add to the shared fixture
(``balai.core.testing.browser``: Debian's chromium, sign-in helpers, axe-core):
a phone context with location allowed (Bandung), a desktop context, and layout
measures of the phone header."""

from __future__ import annotations

from typing import Any

from balai.core.testing.browser import (  # noqa: F401 (re-exported for the journeys)
    assert_accessible,
    axe_violations,
    log_in,
    pass_two_factor,
    wait_for,
    watch_errors,
)

PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1366, "height": 900}
BANDUNG = {"latitude": -6.8846, "longitude": 107.6133, "accuracy": 12}


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


def content_top(page: Any) -> float:
    """Where the page's own content starts (its first visible element in <main>:
    breadcrumbs, a message or the heading), in CSS pixels from the top."""
    return float(
        page.evaluate(
            """(() => {
          const all = document.querySelectorAll("main .container > *, main h1");
          for (const el of all) {
            const box = el.getBoundingClientRect();
            if (box.height > 0) { return box.top + window.scrollY; }
          }
          return Infinity;
        })()"""
        )
    )


def no_sideways_scroll(page: Any) -> bool:
    return bool(
        page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    )
