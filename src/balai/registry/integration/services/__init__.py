# SPDX-License-Identifier: EUPL-1.2
"""Writes of the integration pipeline: linkage runs, review decisions, merges.

``batch_link`` (pandas, Splink's frames) is imported on first use, so the review
pages that import this package do not load pandas into every web worker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from balai.registry.integration.services.merges import (
    candidate_decide,
    merge_perform,
    merge_undo,
)

if TYPE_CHECKING:
    from balai.registry.integration.services.linking import batch_link

__all__ = ["batch_link", "candidate_decide", "merge_perform", "merge_undo"]


def __getattr__(name: str) -> Any:
    if name == "batch_link":
        from balai.registry.integration.services.linking import batch_link

        return batch_link
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
