# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import pytest

from balai.accounts.tests.conftest import staff_client  # noqa: F401


@pytest.fixture(autouse=True)
def _reports_defaults(settings) -> None:
    settings.OPEN311_JURISDICTIONS = ["bandung.go.id"]
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "open311_read": "0",
        "open311_write": "0",
    }
    settings.REPORTS_DUPLICATE_RADIUS_M = 50
