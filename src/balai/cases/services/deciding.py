# SPDX-License-Identifier: EUPL-1.2
"""Decisions: approve (register change, signed document, completed) or reject."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from balai.cases import catalog_access
from balai.cases.constants import Action, ErrorCode
from balai.cases.models import Application
from balai.cases.services.common import locked, step
from balai.cases.services.fees import payable_cancel
from balai.cases.services.register_actions import register_apply
from balai.cases.services.reviewing import ensure_actor
from balai.catalog.definitions import ServiceDefinition, Text
from balai.core.errors import BalaiError

# printed values the register supplies (not in the answers), with their labels
EXTRA_LABELS = {"child_nik": Text("NIK anak", "Child's NIK")}
HOLDER_KEYS = ("holder_name", "child_name", "deceased_name", "full_name", "head_name")


@transaction.atomic
def application_approve(
    *, actor: Any, application: Application, reason: str = ""
) -> Application:
    """Approve: perform the register change (civil-registry services), issue the
    signed output document and complete the application, all in one transaction —
    if the register or the signature refuses, nothing is approved."""
    application = locked(application.pk)
    ensure_actor(actor, application, Action.APPROVE)
    service = catalog_access.service_get(application.service_slug)
    application.decided_at = timezone.now()
    application.decision_reason = (reason or "").strip()
    step(
        application,
        action=Action.APPROVE,
        actor=actor,
        reason=reason,
        fields=("decided_at", "decision_reason"),
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
            reason=note % {"action": register_action},
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
