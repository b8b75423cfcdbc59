# SPDX-License-Identifier: EUPL-1.2
"""Officers' and citizens' writes on reports: following, comments, assignment,
routing, merges, moderation (status changes are in ``status``).

Each service checks the policy, runs in a transaction, records a timeline entry and
an audit entry, and (for public entries) notifies the followers after commit.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError
from balai.reports import policies, states
from balai.reports.constants import (
    OPEN_STATUSES,
    CloseReason,
    ErrorCode,
    Priority,
    Status,
    UpdateKind,
)
from balai.reports.models import FieldTeam, Photo, Report, ReportUpdate
from balai.reports.services.common import MAX_NOTE, locked, notify_after_commit
from balai.reports.services.status import apply_status
from balai.security import audit


@transaction.atomic
def report_follow(*, actor: Any, report: Report) -> bool:
    """The signed-in ``actor`` follows (supports) ``report``; True when newly added."""
    policies.ensure_can_follow(actor)
    if report.followers.filter(pk=actor.pk).exists():
        return False
    report.followers.add(actor)
    audit.record(actor=actor, action="report.follow", target=report)
    return True


@transaction.atomic
def report_unfollow(*, actor: Any, report: Report) -> None:
    """``actor`` stops following ``report``."""
    policies.ensure_can_follow(actor)
    report.followers.remove(actor)
    audit.record(actor=actor, action="report.unfollow", target=report)


@transaction.atomic
def report_comment(
    *, actor: Any, report: Report, text: str, is_public: bool
) -> ReportUpdate:
    """Add a public (followers are told) or internal comment to the timeline."""
    policies.ensure_can_work_report(actor, report)
    text = (text or "").strip()
    if not text:
        message = _("Write a comment.")
        raise BalaiError(
            message, code=ErrorCode.COMMENT_REQUIRED, field_errors={"text": [message]}
        )
    update = ReportUpdate.objects.create(
        report=report,
        kind=UpdateKind.COMMENT,
        is_public=is_public,
        author=actor,
        text=text[:MAX_NOTE],
    )
    Report.objects.filter(pk=report.pk).update(updated_at=timezone.now())
    audit.record(actor=actor, action="report.comment", target=report)
    notify_after_commit(update)
    return update


@transaction.atomic
def report_assign(
    *,
    actor: Any,
    report: Report,
    team: FieldTeam | None,
    assignee: Any = None,
    priority: str = "",
) -> Report:
    """Give the report to a field team of its agency and/or one officer of it."""
    policies.ensure_can_work_report(actor, report)
    report = locked(report)
    if team is not None and team.agency_id != report.agency_id:
        message = _("The team belongs to another agency.")
        raise BalaiError(
            message, code=ErrorCode.INVALID_TEAM, field_errors={"team": [message]}
        )
    if assignee is not None and assignee.agency_id != report.agency_id:
        message = _("The officer belongs to another agency.")
        raise BalaiError(
            message,
            code=ErrorCode.INVALID_ASSIGNEE,
            field_errors={"assignee": [message]},
        )
    if assignee is not None and not policies.can_be_assigned(assignee):
        # only an active officer of the agency: not a deactivated account, not a
        # citizen or another role that happens to carry the agency
        message = _("Only an active officer of the agency can take the report.")
        raise BalaiError(
            message, code="invalid_assignee", field_errors={"assignee": [message]}
        )
    report.team, report.assignee = team, assignee
    fields = ["team", "assignee", "updated_at"]
    if priority:
        if priority not in Priority.values:
            raise BalaiError(_("Unknown priority."), code=ErrorCode.INVALID_PRIORITY)
        report.priority = priority
        fields.append("priority")
    report.save(update_fields=fields)
    ReportUpdate.objects.create(
        report=report,
        kind=UpdateKind.ASSIGNMENT,
        is_public=False,
        author=actor,
        text=", ".join(str(x) for x in (team, assignee) if x is not None),
    )
    audit.record(actor=actor, action="report.assign", target=report, changes=fields)
    return report


@transaction.atomic
def report_reroute(
    *, actor: Any, report: Report, agency: Any, note: str = ""
) -> Report:
    """Send the report to another agency (or from triage to an agency)."""
    policies.ensure_can_work_report(actor, report)
    report = locked(report)
    if agency is None or agency.pk == report.agency_id:
        raise BalaiError(_("Choose another agency."), code=ErrorCode.INVALID_AGENCY)
    report.agency = agency
    report.team = None
    report.assignee = None
    report.save(update_fields=["agency", "team", "assignee", "updated_at"])
    ReportUpdate.objects.create(
        report=report,
        kind=UpdateKind.ROUTING,
        is_public=False,
        author=actor,
        text=(note or str(agency))[:MAX_NOTE],
    )
    audit.record(
        actor=actor, action="report.reroute", target=report, changes=["agency"]
    )
    return report


@transaction.atomic
def report_merge(*, actor: Any, duplicate: Report, survivor: Report) -> Report:
    """Close ``duplicate`` as a duplicate of ``survivor``; followers and photos move.

    Both reports must be workable by the actor, different, and the survivor open.
    """
    policies.ensure_can_work_report(actor, duplicate)
    policies.ensure_can_work_report(actor, survivor)
    if duplicate.pk == survivor.pk:
        raise BalaiError(
            _("A report cannot duplicate itself."), code=ErrorCode.INVALID_MERGE
        )
    duplicate, survivor = locked(duplicate), locked(survivor)
    if survivor.status not in OPEN_STATUSES or survivor.merged_into_id:
        raise BalaiError(_("Merge into an open report."), code=ErrorCode.INVALID_MERGE)
    if duplicate.merged_into_id:
        raise BalaiError(
            _("This report was already merged."), code=ErrorCode.INVALID_MERGE
        )
    survivor.followers.add(*duplicate.followers.all())
    offset = survivor.photos.count()
    for index, photo in enumerate(duplicate.photos.all()):
        Photo.objects.filter(pk=photo.pk).update(
            report=survivor, position=offset + index
        )
    note = _("Duplicate of %(id)s") % {"id": survivor.public_id}
    duplicate.merged_into = survivor
    duplicate.save(update_fields=["merged_into", "updated_at"])
    if duplicate.status != Status.CLOSED:
        states.move_to(duplicate.status, Status.CLOSED)
        apply_status(
            duplicate,
            actor=actor,
            status=Status.CLOSED,
            close_reason=CloseReason.DUPLICATE,
            note=note,
        )
    else:
        duplicate.close_reason = CloseReason.DUPLICATE
        duplicate.status_notes = note
        duplicate.save(update_fields=["close_reason", "status_notes", "updated_at"])
    merged = ReportUpdate.objects.create(
        report=survivor,
        kind=UpdateKind.MERGE,
        is_public=True,
        author=actor,
        text=_("Report %(id)s was merged into this one.") % {"id": duplicate.public_id},
    )
    survivor.save(update_fields=["updated_at"])
    audit.record(
        actor=actor, action="report.merge", target=duplicate, changes=["merged_into"]
    )
    audit.record(actor=actor, action="report.merge_into", target=survivor)
    notify_after_commit(merged)
    return survivor


@transaction.atomic
def report_hide(*, actor: Any, report: Report, hidden: bool) -> Report:
    """Keep a report from public pages and Open311 (abuse, personal data in text)."""
    policies.ensure_can_work_report(actor, report)
    report = locked(report)
    report.is_hidden = hidden
    report.save(update_fields=["is_hidden", "updated_at"])
    audit.record(
        actor=actor, action="report.hide" if hidden else "report.unhide", target=report
    )
    return report
