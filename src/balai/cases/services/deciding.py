# SPDX-License-Identifier: EUPL-1.2
"""Decisions: approve (register change, signed document, completed) or reject."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from balai.accounts.constants import Role
from balai.cases import approvals, catalog_access, notices, policies
from balai.cases.constants import Action, ErrorCode
from balai.cases.models import Application
from balai.cases.services.common import locked, step
from balai.cases.services.fees import payable_cancel
from balai.cases.services.register_actions import (
    register_action_label,
    register_apply,
    register_change_of,
)
from balai.cases.services.reviewing import ensure_actor
from balai.catalog.definitions import ServiceDefinition, Text
from balai.core.errors import BalaiError

# printed values the register supplies (not in the answers), with their labels
EXTRA_LABELS = {"child_nik": Text("NIK anak", "Child's NIK")}
HOLDER_KEYS = ("holder_name", "child_name", "deceased_name", "full_name", "head_name")


@transaction.atomic
def application_approve(
    *,
    actor: Any,
    application: Application,
    reason: str = "",
    confirmed: bool = False,
    override_reason: str = "",
) -> Application:
    """Sign the due step of the service's approval chain (``approvals``).

    Every sign-off needs every required document accepted — or the agency head's
    reasoned override, written to the timeline and the audit log. A step before the
    last one is recorded and the signatories of the next are told. The last one
    approves: the register change (civil-registry services, only when ``confirmed``:
    pages and API show what will change first), the signed output document and the
    completion, all in one transaction — if the register or the signature refuses,
    nothing is approved."""
    application = locked(application.pk)
    ensure_actor(actor, application, Action.APPROVE)
    service = catalog_access.service_get(application.service_slug)
    approval = approvals.approval_of(application, service)
    approvals.ensure_may_sign(actor, application, approval)
    pending = approval.pending
    assert pending is not None
    change = register_change_of(service) if approval.is_final else ""
    if change and not confirmed:
        raise BalaiError(
            _("Confirm the change to the population register: %(change)s")
            % {"change": change},
            code=ErrorCode.CONFIRMATION_REQUIRED,
            field_errors={"confirm": [change]},
        )
    _documents_gate(actor, application, service, override_reason)
    if not approval.is_final:
        step(
            application,
            action=Action.SIGN_OFF,
            actor=actor,
            reason=(reason or "").strip() or str(pending.name),
            step_code=pending.code,
            notify=False,
        )
        _tell_next_signatories(application, approval.chain[len(approval.signed) + 1])
        return application
    application.decided_at = timezone.now()
    application.decision_reason = (reason or "").strip()
    step(
        application,
        action=Action.APPROVE,
        actor=actor,
        reason=reason,
        fields=("decided_at", "decision_reason"),
        step_code=pending.code,
    )
    register_action, values = register_apply(
        actor=actor, application=application, service=service
    )
    if register_action:
        application.register_values = values
        note = (
            _("Register updated: %(action)s.")
            if values or register_action in ("death", "move_out")
            else _("No register change for this service (%(action)s); data recorded.")
        )
        step(
            application,
            action=Action.REGISTER,
            actor=actor,
            reason=note % {"action": register_action_label(register_action)},
            fields=("register_values",),
            notify=False,
        )
    if service.output is not None:
        document = _issue(actor, application, service, values)
        application.issued_document_id = document.pk
    application.completed_at = timezone.now()
    step(
        application,
        action=Action.COMPLETE,
        actor=actor,
        fields=("issued_document_id", "completed_at"),
    )
    return application


def _documents_gate(
    actor: Any,
    application: Application,
    service: ServiceDefinition,
    override_reason: str,
) -> None:
    """Every required document accepted, or the agency head's reasoned override."""
    missing = approvals.unaccepted_documents(application, service)
    if not missing:
        return
    listed = "; ".join(item.describe() for item in missing)
    override_reason = (override_reason or "").strip()
    if not override_reason or not policies.can_lead_application(actor, application):
        message = _(
            "Every required document must be accepted first (only the agency "
            "head may approve without, giving a reason). Not accepted: %(list)s."
        ) % {"list": listed}
        raise BalaiError(
            message,
            code=ErrorCode.DOCUMENTS_NOT_ACCEPTED,
            field_errors={"override_reason": [message]}
            if policies.can_lead_application(actor, application)
            else {},
        )
    step(
        application,
        action=Action.OVERRIDE_DOCUMENTS,
        actor=actor,
        reason=f"{override_reason} — {listed}",
        notify=False,
    )


def _tell_next_signatories(application: Application, following: Any) -> None:
    from balai.cases.selectors import agency_heads

    if following.role == Role.AGENCY_HEAD:
        user_ids = [
            str(pk) for pk in agency_heads(application).values_list("pk", flat=True)
        ]
    elif application.assigned_to_id:
        user_ids = [str(application.assigned_to_id)]
    else:
        return
    notices.notify_staff(
        application=application,
        kind=notices.StaffNotice.SIGN_OFF_DUE,
        user_ids=user_ids,
    )


@transaction.atomic
def application_reject(
    *, actor: Any, application: Application, reason: str
) -> Application:
    """Reject with a reason the citizen reads; an unpaid fee is cancelled."""
    application = locked(application.pk)
    ensure_actor(actor, application, Action.REJECT)
    application.decided_at = timezone.now()
    application.decision_reason = (reason or "").strip()
    step(
        application,
        action=Action.REJECT,
        actor=actor,
        reason=reason,
        fields=("decided_at", "decision_reason"),
    )
    payable_cancel(application)
    return application


def _text(label: Any, language: str = "id") -> str:
    if isinstance(label, Text):
        return label.en if language == "en" else label.id
    if isinstance(label, dict):
        return str(label.get(language) or label.get("id") or "")
    return str(label or "")


def _printable(service: ServiceDefinition, name: str, raw: Any) -> str:
    ui = service.form_ui.get(name) or {}
    choices = ui.get("choices") or {}
    if raw in (None, ""):
        return "—"
    if isinstance(raw, bool):
        return "Ya" if raw else "Tidak"
    if str(raw) in choices:
        return _text(choices[str(raw)])
    if isinstance(raw, str) and len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            return raw
        with translation.override("id"):
            return date_filter(day, "j F Y")
    return str(raw)


def document_fields(
    service: ServiceDefinition, answers: dict[str, Any], values: dict[str, Any]
) -> list[tuple[str, str]]:
    """The (label, value) rows printed on the document, in Indonesian: the
    definition's output fields, then what the register added (the child's NIK)."""
    merged = {**answers, **values}
    names = list(service.output.fields if service.output else ())
    rows = []
    for name in names:
        label = (service.form_ui.get(name) or {}).get("label") or name
        rows.append((_text(label), _printable(service, name, merged.get(name))))
    for name, label in EXTRA_LABELS.items():
        if name in values and name not in names:
            rows.insert(1 if rows else 0, (label.id, str(values[name])))
    return rows


def _issue(
    actor: Any,
    application: Application,
    service: ServiceDefinition,
    values: dict[str, Any],
) -> Any:
    try:
        from balai.cases.documents.services import document_issue
    except ImportError as exc:  # the issued-documents app is not installed
        raise BalaiError(
            _("Documents cannot be issued yet; try again later."),
            code=ErrorCode.DOCUMENT_NOT_ISSUED,
        ) from exc
    output = service.output
    assert output is not None
    merged = {**application.answers, **values}
    holder = next(
        (str(merged[key]) for key in HOLDER_KEYS if merged.get(key)),
        application.applicant.full_name,
    )
    return document_issue(
        agency=application.agency,
        template=output.template,
        title_id=output.title.id,
        title_en=output.title.en,
        number=f"{output.template.upper()}/{application.number}",
        reference=application.number or "",
        holder_name=holder,
        fields=document_fields(service, application.answers, values),
        issued_by=actor,
    )
