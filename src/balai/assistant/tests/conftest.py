# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from collections.abc import Iterator

import pytest

from balai.assistant.knowledge import index


@pytest.fixture(autouse=True)
def _fresh_index() -> Iterator[None]:
    """Each test starts from an index of its own database's FAQ entries."""
    index.reset()
    yield
    index.reset()
