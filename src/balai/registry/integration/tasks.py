# SPDX-License-Identifier: EUPL-1.2
"""Background work of the integration pipeline (through django.tasks)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from balai.core.tasks import task


@task()
def batch_link_task(batch_id: str, actor_id: str | None = None) -> dict[str, int | str]:
    """Run linkage for a staged batch (a worker job: large batches take minutes)."""
    from balai.registry.integration.models import ImportBatch
    from balai.registry.integration.services import batch_link

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    run = batch_link(ImportBatch.objects.get(pk=batch_id), actor=actor)
    return {
        "run": str(run.pk),
        "linked": run.linked,
        "review": run.review,
        "new": run.new,
        "duplicates": run.duplicates,
    }
