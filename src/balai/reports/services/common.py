# SPDX-License-Identifier: EUPL-1.2
"""What the reports' write services share: row locks and the followers' notice."""

from __future__ import annotations

from functools import partial

from django.db import transaction

from balai.reports.models import Report, ReportUpdate

MAX_NOTE = 2000


def notify_after_commit(update: ReportUpdate) -> None:
    """Tell the followers about a public timeline entry once the transaction commits."""
    if not update.is_public:
        return
    from balai.reports.tasks import report_update_notify_task

    transaction.on_commit(
        partial(report_update_notify_task.enqueue, update_id=str(update.pk))
    )


def locked(report: Report) -> Report:
    """The report row, locked until the transaction ends."""
    return Report.objects.select_for_update().get(pk=report.pk)
