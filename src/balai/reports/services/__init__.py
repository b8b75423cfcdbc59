# SPDX-License-Identifier: EUPL-1.2
"""Every write of the reports app (one module per concern, re-exported here)."""

from balai.reports.services.open311_keys import (
    open311_client_create,
    open311_client_resolve,
    open311_client_revoke,
)
from balai.reports.services.sla import sla_alerts_raise
from balai.reports.services.status import (
    BulkResult,
    report_status_change,
    reports_bulk_status,
)
from balai.reports.services.submit import report_submit
from balai.reports.services.workflow import (
    report_assign,
    report_comment,
    report_follow,
    report_hide,
    report_merge,
    report_reroute,
    report_unfollow,
)

__all__ = [
    "BulkResult",
    "open311_client_create",
    "open311_client_resolve",
    "open311_client_revoke",
    "report_assign",
    "report_comment",
    "report_follow",
    "report_hide",
    "report_merge",
    "report_reroute",
    "report_status_change",
    "report_submit",
    "report_unfollow",
    "reports_bulk_status",
    "sla_alerts_raise",
]
