# SPDX-License-Identifier: EUPL-1.2
"""Writes of the integration pipeline: linkage runs, review decisions, merges."""

from balai.registry.integration.services.linking import batch_link
from balai.registry.integration.services.merges import (
    candidate_decide,
    merge_perform,
    merge_undo,
)

__all__ = ["batch_link", "candidate_decide", "merge_perform", "merge_undo"]
