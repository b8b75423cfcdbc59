# SPDX-License-Identifier: EUPL-1.2
"""What every application service shares: locking, the step writer, the SLA clock."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.constants import Role
from balai.cases import notices, states
from balai.cases.constants import (
    PURPOSE_APPLY,
    PURPOSE_PROCESS,
    Action,
    ErrorCode,
    Status,
)
from balai.cases.models import Application, Transition
from balai.core.errors import BalaiError, NotFound
from balai.core.workdays import add_working_days, working_days_between
from balai.security import audit

# steps the citizen is told about (each changes what they see)
NOTIFY_APPLICANT = frozenset(
    {
        Action.SUBMIT,
        Action.AWAIT_PAYMENT,
        Action.PAYMENT_SETTLED,
        Action.CLAIM,
        Action.REQUEST_REVISION,
        Action.ANSWER,
        Action.ESCALATE,
        Action.APPROVE,
        Action.COMPLETE,
        Action.REJECT,
        Action.WITHDRAW,
    }
)


def locked(application_id: uuid.UUID | str) -> Application:
    """The application row, locked until the transaction ends."""
    try:
        return Application.objects.select_for_update().get(pk=application_id)
    except (Application.DoesNotExist, ValueError, ValidationError) as exc:
        raise NotFound(_("There is no such application.")) from exc


def role_of(actor: Any, application: Application) -> str:
    """The capacity an actor acts in, for the timeline."""
    if actor is None:
        return "system"
    if actor.pk == application.applicant_id:
        return "applicant"
    if actor.has_role(Role.AGENCY_HEAD):
        return Role.AGENCY_HEAD
    return Role.OFFICER


def step(
    application: Application,
    *,
    action: str,
    actor: Any,
    reason: str = "",
    fields: tuple[str, ...] = (),
    notify: bool = True,
    step_code: str = "",
) -> Transition:
    """Take one step of the state machine: check it, save the application (status and
    ``fields``), write the timeline row and the audit entry, and tell the citizen
    after commit. Raises ``invalid_transition`` (409) or ``reason_required``."""
    move = states.move_for(action, application.status)
    reason = (reason or "").strip()
    if move.reason_required and not reason:
        raise BalaiError(
            _("Give a reason."),
            code=ErrorCode.REASON_REQUIRED,
            field_errors={"reason": [_("A reason is required for this step.")]},
        )
    before = application.status
    if move.target is not None:
        application.status = move.target
    application.full_clean(
        exclude=["applicant", "agency", "assigned_to"],
        validate_unique=False,
        validate_constraints=False,
    )
    application.save(update_fields=["status", "updated_at", *fields])
    transition = Transition.objects.create(
        application=application,
        action=action,
        from_status=before,
        to_status=application.status,
        actor=actor,
        actor_role=role_of(actor, application),
        reason=reason,
        at=timezone.now(),
        step_code=step_code,
    )
    is_applicant = actor is not None and actor.pk == application.applicant_id
    audit.record(
        actor=actor,
        action=f"application.{action}",
        target=application,
        purpose=PURPOSE_APPLY if is_applicant else PURPOSE_PROCESS,
        changes=["status", *fields] if move.target else list(fields),
    )
    if notify and action in NOTIFY_APPLICANT:
        notices.notify_applicant(application=application, action=action, reason=reason)
    return transition


def clock_pause(application: Application) -> tuple[str, ...]:
    """Stop the service-time clock while the agency waits for the citizen."""
    application.paused_at = timezone.now()
    return ("paused_at",)


def clock_resume(application: Application) -> tuple[str, ...]:
    """Restart the clock: the due date moves by the working days spent waiting."""
    if application.paused_at is None or application.sla_due is None:
        application.paused_at = None
        return ("paused_at",)
    waited = working_days_between(
        timezone.localdate(application.paused_at), timezone.localdate()
    )
    if waited > 0:
        application.sla_due = add_working_days(application.sla_due, waited)
    application.paused_at = None
    application.sla_alert = ""
    return ("paused_at", "sla_due", "sla_alert")


def ensure_status(application: Application, *allowed: str) -> None:
    if application.status not in allowed:
        states.move_for("__none__", application.status)  # raises invalid_transition


DRAFT_ONLY = (Status.DRAFT,)
