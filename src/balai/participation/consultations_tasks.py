# SPDX-License-Identifier: EUPL-1.2
"""Background entry points of consultations: the opinion map's recomputation,
enqueued after commit by ``services.opinion.statement_vote``."""

from __future__ import annotations

from balai.core.tasks import task


@task()
def opinion_map_refresh_task(consultation_id: str) -> int:
    """Recompute the opinion map when votes arrived; returns the groups found."""
    from balai.participation.models import Consultation
    from balai.participation.services.opinion import opinion_map_compute

    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if consultation is None:
        return 0
    return opinion_map_compute(consultation=consultation).groups
