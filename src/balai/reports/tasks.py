# SPDX-License-Identifier: EUPL-1.2
"""Background entry points of the reports app: receipts, follower updates, SLA."""

from __future__ import annotations

from balai.core.tasks import task


@task()
def report_receipt_task(report_id: str) -> int:
    """Send the reporter the receipt of a new report (idempotent enough: one send)."""
    from balai.reports.services.notices import report_receipt

    return report_receipt(report_id=report_id)


@task()
def report_update_notify_task(update_id: str) -> int:
    """Tell the followers of a report about one public update."""
    from balai.reports.services.notices import report_update_notify

    return report_update_notify(update_id=update_id)


@task()
def reports_overdue_alert_task() -> int:
    """Alert agencies once about reports past their SLA (run by the scheduler)."""
    from balai.reports.services.notices import reports_overdue_alert

    return reports_overdue_alert()
