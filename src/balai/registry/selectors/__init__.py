# SPDX-License-Identifier: EUPL-1.2
"""Every read of the population register; staff reads are policy-checked and audited."""

from balai.registry.selectors.documents import EventDocument, event_document_get
from balai.registry.selectors.families import FamilyView, family_get
from balai.registry.selectors.history import (
    ResidentHistory,
    ResidentState,
    resident_as_of,
    resident_history,
)
from balai.registry.selectors.residents import (
    family_for_event,
    resident_for_citizen,
    resident_for_event,
    resident_get,
    resident_placement,
    resident_search,
)

__all__ = [
    "EventDocument",
    "FamilyView",
    "ResidentHistory",
    "ResidentState",
    "event_document_get",
    "family_for_event",
    "family_get",
    "resident_as_of",
    "resident_for_citizen",
    "resident_for_event",
    "resident_get",
    "resident_history",
    "resident_placement",
    "resident_search",
]
