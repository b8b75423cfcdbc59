# SPDX-License-Identifier: EUPL-1.2
"""The officer's side: claim, assign, check documents, ask for revision, escalate."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.constants import Role
from balai.cases import catalog_access, notices, policies, states
from balai.cases.constants import PURPOSE_PROCESS, Action, DocumentCheck, ErrorCode
from balai.cases.models import Application, ApplicationDocument, InformationRequest
from balai.cases.services.common import clock_pause, locked, step
from balai.core.errors import BalaiError, Conflict, NotFound
from balai.security import audit


def ensure_actor(actor: Any, application: Application, action: str) -> None:
    """The policy for ``action`` on this application: handlers of the agency, the head
    where the state machine says so, and decisions only by whoever claimed it (or the
    head). Other agencies' staff get PermissionDenied (views turn it into 404)."""
    policies.ensure_can_handle_application(actor, application)
    move = states.move_for(action, application.status)
    needed = states.required_actor(move, application.status)
    if needed == states.HEAD:
        policies.ensure_can_lead_application(actor, application)
    if action in (Action.CLAIM, Action.ASSIGN):
        return
    if not policies.is_handling(actor, application):
        raise Conflict(
            _("Claim the application before working on it."),
            code=ErrorCode.NOT_CLAIMED,
        )


@transaction.atomic
def application_claim(*, actor: Any, application: Application) -> Application:
    """Take the application into review (the head may take over from a colleague)."""
    application = locked(application.pk)
    ensure_actor(actor, application, Action.CLAIM)
    taken = application.assigned_to_id not in (None, actor.pk)
    if taken and not actor.has_role(Role.AGENCY_HEAD):
        raise BalaiError(
            _("Another officer is handling this application."),
            code=ErrorCode.NOT_ASSIGNABLE,
        )
    application.assigned_to = actor
    step(application, action=Action.CLAIM, actor=actor, fields=("assigned_to",))
    return application


@transaction.atomic
def application_assign(
    *, actor: Any, application: Application, officer_id: uuid.UUID | str
) -> Application:
    """The agency head hands the application to a colleague of the agency."""
    application = locked(application.pk)
    ensure_actor(actor, application, Action.ASSIGN)
    from balai.cases.selectors import colleagues

    officer = colleagues(application).filter(pk=officer_id).first()
    if officer is None:
        raise BalaiError(
            _("Choose an officer of this agency."),
            code=ErrorCode.NOT_ASSIGNABLE,
            field_errors={"officer": [_("Choose an officer of this agency.")]},
        )
    application.assigned_to = officer
    step(
        application,
        action=Action.ASSIGN,
        actor=actor,
        fields=("assigned_to",),
        notify=False,
    )
    notices.notify_staff(
        application=application,
        kind=notices.StaffNotice.ASSIGNED,
        user_ids=[str(officer.pk)],
    )
    return application


@transaction.atomic
def document_check(
    *, actor: Any, document: ApplicationDocument, ok: bool, note: str = ""
) -> ApplicationDocument:
    """Mark one uploaded document accepted or rejected (a note says why not)."""
    application = locked(document.application_id)
    ensure_actor(actor, application, Action.CHECK_DOCUMENT)
    try:
        document = ApplicationDocument.objects.select_for_update().get(
            pk=document.pk, application=application
        )
    except ApplicationDocument.DoesNotExist as exc:
        raise NotFound(_("There is no such document.")) from exc
    note = (note or "").strip()
    if not ok and not note:
        raise BalaiError(
            _("Say what is wrong with the document."),
            code=ErrorCode.REASON_REQUIRED,
            field_errors={"note": [_("A note is required to reject a document.")]},
        )
    document.check_status = DocumentCheck.OK if ok else DocumentCheck.REJECTED
    document.check_note = note
    document.checked_by = actor
    document.checked_at = timezone.now()
    document.save(
        update_fields=[
            "check_status",
            "check_note",
            "checked_by",
            "checked_at",
            "updated_at",
        ]
    )
    step(
        application,
        action=Action.CHECK_DOCUMENT,
        actor=actor,
        reason=f"{document.requirement_name}: "
        + str(DocumentCheck(document.check_status).label).lower()
        + (f" — {note}" if note else ""),
    )
    return document


@transaction.atomic
def revision_request(
    *,
    actor: Any,
    application: Application,
    reason: str,
    requirement_codes: Sequence[str] = (),
) -> InformationRequest:
    """Ask the citizen for a revision or more information; the clock stops."""
    application = locked(application.pk)
    ensure_actor(actor, application, Action.REQUEST_REVISION)
    service = catalog_access.service_get(application.service_slug)
    known = {r.code for r in service.requirements}
    codes = [code for code in requirement_codes if code in known]
    transition = step(
        application,
        action=Action.REQUEST_REVISION,
        actor=actor,
        reason=reason,
        fields=clock_pause(application),
    )
    return InformationRequest.objects.create(
        application=application,
        requested_by=actor,
        reason=transition.reason,
        requirement_codes=codes,
    )


@transaction.atomic
def application_escalate(
    *, actor: Any, application: Application, reason: str
) -> Application:
    """Hand the application up to the agency head, who alone acts on it then."""
    application = locked(application.pk)
    ensure_actor(actor, application, Action.ESCALATE)
    step(application, action=Action.ESCALATE, actor=actor, reason=reason)
    from balai.cases.selectors import agency_heads

    heads = [str(pk) for pk in agency_heads(application).values_list("pk", flat=True)]
    notices.notify_staff(
        application=application, kind=notices.StaffNotice.ESCALATED, user_ids=heads
    )
    return application


@transaction.atomic
def applications_listed(*, actor: Any, applications: Sequence[Application]) -> None:
    """Record that a staff member saw who these applications are from and what they
    are about (names, in the inbox): one audited read per row shown."""
    for application in applications:
        if actor.pk != application.applicant_id:
            audit.record_read(actor=actor, purpose=PURPOSE_PROCESS, target=application)


def application_read(*, actor: Any, application: Application) -> Application:
    """Record a staff member's opening of an application (personal data)."""
    if actor.pk == application.applicant_id:
        return application
    if not policies.can_view_application(actor, application):
        raise PermissionDenied(policies.VIEW)
    audit.record_read(actor=actor, purpose=PURPOSE_PROCESS, target=application)
    return application
