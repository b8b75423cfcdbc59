# SPDX-License-Identifier: EUPL-1.2
"""Service codes to category ids, kept per process and per list generation.

Every list filtered by ``service_code`` needs the ids of its categories; reading them
from the database on each request cost a query (two with a total). Categories are
few and change rarely, and saving or deleting one moves the list generation
(``reports.receivers``), so each process keeps the whole map for the current
generation and reloads it only after a change.
"""

from __future__ import annotations

import threading
from typing import Any

_lock = threading.Lock()
_state: dict[str, Any] = {"generation": None, "ids": {}}


def category_ids(codes: list[str] | tuple[str, ...], generation: int) -> list[Any]:
    """The ids of the categories with these codes (unknown codes are left out),
    in ascending id order, as ``Category.objects.filter(code__in=codes)``."""
    with _lock:
        ids: dict[str, Any] | None = (
            _state["ids"] if _state["generation"] == generation else None
        )
    if ids is None:
        from balai.reports.models import Category

        ids = dict(Category.objects.values_list("code", "pk"))
        with _lock:
            _state.update(generation=generation, ids=ids)
    return sorted({ids[code] for code in codes if code in ids})
