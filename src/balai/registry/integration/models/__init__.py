# SPDX-License-Identifier: EUPL-1.2
from balai.registry.integration.models.linkage import (
    FieldProvenance,
    LinkageRun,
    MatchCandidate,
    Merge,
)
from balai.registry.integration.models.staging import (
    ImportBatch,
    RejectedRow,
    Source,
    StagedRecord,
)

__all__ = [
    "FieldProvenance",
    "ImportBatch",
    "LinkageRun",
    "MatchCandidate",
    "Merge",
    "RejectedRow",
    "Source",
    "StagedRecord",
]
