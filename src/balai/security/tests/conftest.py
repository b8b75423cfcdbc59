# SPDX-License-Identifier: EUPL-1.2
"""Fixtures of the security tests (none of them autouse)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

NOTIFY_UID = "balai.accounts.notify_security_officers"


@pytest.fixture
def monitoring() -> Iterator[None]:
    """Security monitoring wired as the AppConfigs' ready() will wire it.

    Connects the security receivers and the accounts subscriber to ``alert_raised``
    when they are not connected yet, and disconnects after the test only what it
    connected here.
    """
    from balai.accounts.receivers import notify_security_officers
    from balai.security.monitoring import receivers
    from balai.security.monitoring.signals import alert_raised

    connected_here = not receivers.is_connected()
    if connected_here:
        receivers.connect()
    notify_here = not alert_raised.has_listeners()
    if notify_here:
        alert_raised.connect(notify_security_officers, dispatch_uid=NOTIFY_UID)
    yield
    if notify_here:
        alert_raised.disconnect(dispatch_uid=NOTIFY_UID)
    if connected_here:
        receivers.disconnect()


@pytest.fixture
def low_thresholds(settings) -> None:
    """Small thresholds, so that tests need a handful of events."""
    settings.SECURITY_LOGIN_FAILURE_THRESHOLD = 3
    settings.SECURITY_LOGIN_FAILURE_WINDOW_MINUTES = 15
    settings.SECURITY_TWO_FACTOR_FAILURE_THRESHOLD = 3
    settings.SECURITY_PERMISSION_DENIED_THRESHOLD = 3
    settings.SECURITY_EXPORT_DAILY_LIMIT = 2
    settings.SECURITY_MASS_READ_THRESHOLD = 5
    settings.SECURITY_MASS_READ_WINDOW_MINUTES = 60
    settings.LOGIN_FREE_FAILURES = 100
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login_failures_address": "0"}
