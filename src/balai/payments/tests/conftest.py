# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from collections.abc import Iterator

import pytest

from balai.payments.tests import support


@pytest.fixture(autouse=True)
def _settled() -> Iterator[list]:
    support.settled.clear()
    support.failing["on"] = False
    yield support.settled
    support.settled.clear()
    support.failing["on"] = False
