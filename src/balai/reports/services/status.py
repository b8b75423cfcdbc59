# SPDX-License-Identifier: EUPL-1.2
"""Status changes of reports, one at a time or in bulk, as ``states.py`` allows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError, Conflict
from balai.reports import policies, states
from balai.reports.constants import CloseReason, ErrorCode, Status, UpdateKind
from balai.reports.models import Report, ReportUpdate
from balai.reports.services.common import MAX_NOTE, locked, notify_after_commit
from balai.security import audit


def _check_transition(report: Report, status: str, close_reason: str) -> None:
    """The state machine decides (Conflict ``invalid_transition``, HTTP 409); closing
    needs one of the close reasons."""
    move = states.move_to(report.status, status)
    if move.reason_required:
        _check_close_reason(close_reason)


def _check_close_reason(close_reason: str) -> None:
    if close_reason not in CloseReason.values:
        message = _("Give the reason for closing.")
        raise BalaiError(
            message,
            code=ErrorCode.REASON_REQUIRED,
            field_errors={"close_reason": [message]},
        )


def apply_status(
    report: Report, *, actor: Any, status: str, close_reason: str, note: str
) -> ReportUpdate:
    """Write a checked status change: the row, a public timeline entry, the audit
    entry, and the followers' notice after commit (callers hold the row lock)."""
    previous = report.status
    report.status = status
    now = timezone.now()
    if status == Status.CLOSED:
        report.close_reason = close_reason
        report.closed_at = now
    else:
        report.close_reason = ""
        report.closed_at = None
    if note:
        report.status_notes = note[:500]
    report.save(
        update_fields=[
            "status",
            "close_reason",
            "closed_at",
            "status_notes",
            "updated_at",
        ]
    )
    update = ReportUpdate.objects.create(
        report=report,
        kind=UpdateKind.STATUS,
        is_public=True,
        author=actor,
        text=note,
        status_from=previous,
        status_to=status,
    )
    audit.record(
        actor=actor, action="report.status_change", target=report, changes=["status"]
    )
    notify_after_commit(update)
    return update


@transaction.atomic
def report_status_change(
    *,
    actor: Any,
    report: Report,
    status: str,
    close_reason: str = "",
    note: str = "",
) -> Report:
    """Move ``report`` to ``status`` as the state machine allows (closing needs a
    reason); followers are told after commit."""
    policies.ensure_can_work_report(actor, report)
    report = locked(report)
    note = (note or "").strip()[:MAX_NOTE]
    _check_transition(report, status, close_reason)
    apply_status(
        report, actor=actor, status=status, close_reason=close_reason, note=note
    )
    return report


@dataclass(frozen=True)
class BulkResult:
    """What happened to one report of a bulk change: moved, or why not."""

    public_id: str
    moved: bool
    message: str = ""


@transaction.atomic
def reports_bulk_status(
    *,
    actor: Any,
    reports: Iterable[Report],
    status: str,
    close_reason: str = "",
    note: str = "",
) -> list[BulkResult]:
    """Apply one status to many reports; one result per report, in order.

    A report the state machine refuses (or that the actor may not work) is left as it
    is and its result says why; the others move. A missing close reason concerns them
    all, so it is raised before anything moves.
    """
    policies.ensure_can_work_report(actor)
    note = (note or "").strip()[:MAX_NOTE]
    if status == Status.CLOSED:
        _check_close_reason(close_reason)
    results: list[BulkResult] = []
    for report in reports:
        if not policies.can_work_reports(actor, report):
            message = _("You may not work this report.")
            results.append(BulkResult(report.public_id, False, message))
            continue
        row = locked(report)
        try:
            _check_transition(row, status, close_reason)
        except Conflict as error:
            results.append(BulkResult(row.public_id, False, error.message))
            continue
        apply_status(
            row, actor=actor, status=status, close_reason=close_reason, note=note
        )
        results.append(BulkResult(row.public_id, True))
    return results
