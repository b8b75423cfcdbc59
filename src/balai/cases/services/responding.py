# SPDX-License-Identifier: EUPL-1.2
"""The citizen answers a request for revision, or withdraws the application."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.cases import catalog_access
from balai.cases.constants import Action, ErrorCode, Status
from balai.cases.models import Application, InformationRequest
from balai.cases.services.applying import _ensure_own, document_store
from balai.cases.services.common import clock_resume, ensure_status, locked, step
from balai.cases.services.fees import payable_cancel
from balai.core.errors import BalaiError


@transaction.atomic
def information_request_answer(
    *,
    actor: Any,
    application: Application,
    text: str = "",
    files: Sequence[tuple[str, IO[bytes]]] = (),
) -> InformationRequest:
    """Answer the open request with text and/or new uploads (each checked like the
    first ones); the application goes back to the officer and the clock restarts."""
    application = locked(application.pk)
    _ensure_own(actor, application)
    ensure_status(application, Status.NEEDS_REVISION)
    request = (
        application.information_requests.select_for_update()
        .filter(answered_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    if request is None:
        raise BalaiError(
            _("There is no open request to answer."), code=ErrorCode.ALREADY_ANSWERED
        )
    text = (text or "").strip()
    if not text and not files:
        raise BalaiError(
            _("Write an answer or upload a document."),
            code=ErrorCode.INVALID_ANSWERS,
            field_errors={"text": [_("Write an answer or upload a document.")]},
        )
    service = catalog_access.service_get(application.service_slug)
    errors: dict[str, list[str]] = {}
    for code, file in files:
        try:
            document_store(
                application=application,
                service=service,
                requirement_code=code,
                file=file,
                information_request=request,
            )
        except BalaiError as exc:
            errors.update(exc.field_errors or {code: [exc.message]})
    if errors:
        raise BalaiError(
            _("Please correct the marked fields."),
            code=ErrorCode.INVALID_ANSWERS,
            field_errors=errors,
        )
    request.answer = text
    request.answered_at = timezone.now()
    request.save(update_fields=["answer", "answered_at", "updated_at"])
    step(
        application,
        action=Action.ANSWER,
        actor=actor,
        reason=text,
        fields=clock_resume(application),
    )
    return request


@transaction.atomic
def application_withdraw(
    *, actor: Any, application: Application, reason: str = ""
) -> Application:
    """The citizen withdraws an application that is not decided yet."""
    application = locked(application.pk)
    _ensure_own(actor, application)
    step(application, action=Action.WITHDRAW, actor=actor, reason=reason)
    payable_cancel(application)
    return application
