# SPDX-License-Identifier: EUPL-1.2
"""Every write of the sentiment app."""

from balai.sentiment.services.ingest import IngestResult, posts_ingest, validate_rows
from balai.sentiment.services.insight import spikes_detect, topics_rebuild
from balai.sentiment.services.labelling import correction_record, posts_rescore
from balai.sentiment.services.retention import posts_purge

__all__ = [
    "IngestResult",
    "correction_record",
    "posts_ingest",
    "posts_purge",
    "posts_rescore",
    "spikes_detect",
    "topics_rebuild",
    "validate_rows",
]
