# SPDX-License-Identifier: EUPL-1.2
"""A missing browser skips the browser tests here and fails them in CI."""

from __future__ import annotations

import pytest

from balai.core.testing import browser


def test_a_missing_browser_skips_with_a_reason(monkeypatch):
    monkeypatch.delenv(browser.REQUIRE_VARIABLE, raising=False)
    with pytest.raises(pytest.skip.Exception, match="install Debian's chromium"):
        browser._unavailable("/usr/bin/chromium is not installed")


def test_a_missing_browser_fails_where_it_is_required(monkeypatch):
    monkeypatch.setenv(browser.REQUIRE_VARIABLE, "1")
    with pytest.raises(pytest.fail.Exception, match="BALAI_REQUIRE_BROWSER=1"):
        browser._unavailable("/usr/bin/chromium is not installed")
