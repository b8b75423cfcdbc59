# SPDX-License-Identifier: EUPL-1.2
"""Background entry points of the cases app."""

from __future__ import annotations

import logging

from balai.core.tasks import task

logger = logging.getLogger(__name__)


@task()
def sla_alerts_task() -> int:
    """Raise due-soon and overdue alerts (idempotent; run every hour or so by the
    ``cases_sla`` command from the host's scheduler, or enqueued to the worker)."""
    from balai.cases.services import sla_alerts_raise

    try:
        return sla_alerts_raise()
    except Exception:  # a task boundary: log, then let the backend record it
        logger.exception("cases.sla_task_failed")
        raise
