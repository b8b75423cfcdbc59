# SPDX-License-Identifier: EUPL-1.2
"""Background entry points of the tax app."""

from __future__ import annotations

from balai.core.tasks import task


@task()
def assessment_run_task(year: int) -> str:
    """The annual assessment started from the officers' page (resumable)."""
    from balai.tax.services import assessment_run

    result = assessment_run(year=year)
    return f"{result.done}/{result.total}"
