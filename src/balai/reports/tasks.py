# SPDX-License-Identifier: EUPL-1.2
"""Background entry points of the reports app: the receipt and followers' updates.

Both are enqueued after commit by the services; SLA alerts are not a task but the
``reports_sla`` command, run by the host's scheduler.
"""

from __future__ import annotations

from balai.core.tasks import task


@task()
def report_receipt_task(report_id: str) -> int:
    """Send the reporter the receipt of a new report."""
    from balai.reports.services.notices import report_receipt

    return report_receipt(report_id=report_id)


@task()
def report_update_notify_task(update_id: str) -> int:
    """Tell the followers of a report about one public update."""
    from balai.reports.services.notices import report_update_notify

    return report_update_notify(update_id=update_id)
