# SPDX-License-Identifier: EUPL-1.2
"""The citizen's side: start a draft, change it, upload documents, submit."""

from __future__ import annotations

import json
from typing import IO, Any

from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts.policies import visible_agencies
from balai.cases import catalog_access, policies
from balai.cases.constants import PURPOSE_APPLY, Action, ErrorCode, Status
from balai.cases.models import Application, ApplicationDocument, Transition
from balai.cases.services.common import ensure_status, locked, step
from balai.cases.services.fees import fee_for, payable_open
from balai.cases.services.numbering import number_allocate
from balai.catalog.definitions import DocumentRequirement, ServiceDefinition
from balai.core.errors import BalaiError
from balai.core.sla import due_date
from balai.core.uploads import KINDS, clean_upload
from balai.security import audit

_KIND_OF_MIME = {mime: kind for kind, (mime, _exts) in KINDS.items()}
_EXTENSION = {"pdf": "pdf", "jpeg": "jpg", "png": "png", "webp": "webp", "heic": "heic"}


def json_safe(values: dict[str, Any]) -> dict[str, Any]:
    """Form values as JSON (dates as ISO text), as they are stored and validated."""
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def _ensure_online(service: ServiceDefinition) -> None:
    if not service.applies_online:
        raise BalaiError(
            _("This service is not applied for online here."),
            code=ErrorCode.NOT_ONLINE,
        )


def _check_answers(service: ServiceDefinition, answers: dict[str, Any]) -> None:
    errors = catalog_access.validate_answers(service, answers)
    if errors:
        raise BalaiError(
            _("Please correct the marked fields."),
            code=ErrorCode.INVALID_ANSWERS,
            field_errors={name: list(messages) for name, messages in errors.items()},
        )


@transaction.atomic
def application_start(
    *,
    actor: Any,
    service: ServiceDefinition,
    answers: dict[str, Any],
    idempotency_key: str = "",
) -> Application:
    """A draft application with validated answers; the same ``idempotency_key`` from
    the same citizen returns what the first request made (no second draft)."""
    policies.ensure_can_apply(actor)
    _ensure_online(service)
    key = (idempotency_key or "")[:64]
    if key:
        existing = Application.objects.filter(applicant=actor, create_key=key).first()
        if existing is not None:
            return existing
    answers = json_safe(answers)
    _check_answers(service, answers)
    agency = visible_agencies(actor).filter(code=service.agency).first()
    if agency is None:
        raise BalaiError(
            _("The agency responsible for this service is not set up yet."),
            code=ErrorCode.NOT_ONLINE,
        )
    application = Application(
        service_slug=service.slug,
        service_name_id=service.name.id,
        service_name_en=service.name.en,
        applicant=actor,
        agency=agency,
        answers=answers,
        fee_amount=fee_for(service, answers, strict=False),
        create_key=key,
    )
    application.full_clean(
        exclude=["applicant", "agency"],
        validate_unique=False,
        validate_constraints=False,
    )
    try:
        with transaction.atomic():
            application.save(force_insert=True)
    except IntegrityError:
        if not key:
            raise
        # the same key raced in from a second request: that one won
        return Application.objects.get(applicant=actor, create_key=key)
    Transition.objects.create(
        application=application,
        action=Action.CREATE,
        from_status="",
        to_status=Status.DRAFT,
        actor=actor,
        actor_role="applicant",
        at=timezone.now(),
    )
    audit.record(
        actor=actor,
        action="application.create",
        target=application,
        purpose=PURPOSE_APPLY,
        changes=["answers"],
    )
    return application


@transaction.atomic
def application_answers_update(
    *, actor: Any, application: Application, answers: dict[str, Any]
) -> Application:
    """Replace a draft's answers (validated)."""
    application = locked(application.pk)
    _ensure_own(actor, application)
    ensure_status(application, Status.DRAFT)
    service = catalog_access.service_get(application.service_slug)
    answers = json_safe(answers)
    _check_answers(service, answers)
    application.answers = answers
    application.save(update_fields=["answers", "updated_at"])
    audit.record(
        actor=actor,
        action="application.update",
        target=application,
        purpose=PURPOSE_APPLY,
        changes=["answers"],
    )
    return application


def _ensure_own(actor: Any, application: Application) -> None:
    policies.ensure_can_apply(actor)
    if application.applicant_id != actor.pk:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("cases.own_application")


def requirement_of(service: ServiceDefinition, code: str) -> DocumentRequirement:
    for requirement in service.requirements:
        if requirement.code == code:
            return requirement
    raise BalaiError(
        _("This service does not ask for that document."),
        code=ErrorCode.UNKNOWN_REQUIREMENT,
        field_errors={code or "requirement": [_("Unknown document.")]},
    )


def document_store(
    *,
    application: Application,
    service: ServiceDefinition,
    requirement_code: str,
    file: IO[bytes],
    information_request: Any = None,
) -> ApplicationDocument:
    """Check (sniffed type, size), parse in full and store the cleaned file (PDF
    without active content, image re-encoded without metadata; encrypted at rest);
    it supersedes the previous upload for the same requirement. Callers hold the
    application's lock."""
    requirement = requirement_of(service, requirement_code)
    allowed = tuple(
        _KIND_OF_MIME[mime]
        for mime in requirement.content_types
        if mime in _KIND_OF_MIME
    ) or ("pdf",)
    checked = clean_upload(
        file, allowed=allowed, max_bytes=requirement.max_bytes, field=requirement.code
    )
    ApplicationDocument.objects.filter(
        application=application, requirement_code=requirement.code, is_current=True
    ).update(is_current=False, updated_at=timezone.now())
    document = ApplicationDocument(
        application=application,
        requirement_code=requirement.code,
        file=ContentFile(
            checked.content, name=f"{requirement.code}.{_EXTENSION[checked.kind]}"
        ),
        content_type=checked.mime,
        size=checked.size,
        information_request=information_request,
    )
    document.save(force_insert=True)
    return document


@transaction.atomic
def document_upload(
    *, actor: Any, application: Application, requirement_code: str, file: IO[bytes]
) -> ApplicationDocument:
    """Attach a supporting document to the citizen's draft (BalaiError when the file
    is of a type the requirement does not accept, or too large)."""
    application = locked(application.pk)
    _ensure_own(actor, application)
    ensure_status(application, Status.DRAFT)
    service = catalog_access.service_get(application.service_slug)
    document = document_store(
        application=application,
        service=service,
        requirement_code=requirement_code,
        file=file,
    )
    audit.record(
        actor=actor,
        action="application.upload",
        target=application,
        purpose=PURPOSE_APPLY,
        changes=[requirement_code.replace("-", "_")],
    )
    return document


def missing_requirements(
    *, application: Application, service: ServiceDefinition
) -> list[DocumentRequirement]:
    """Required documents with no current upload."""
    present = set(
        application.documents.filter(is_current=True).values_list(
            "requirement_code", flat=True
        )
    )
    return [r for r in service.requirements if r.required and r.code not in present]


@transaction.atomic
def application_submit(
    *, actor: Any, application: Application, submit_key: str = ""
) -> Application:
    """Submit a complete draft: a number, the service-time due date, a receipt to
    the citizen; with a fee, a payable and the wait for payment. Submitting again
    with the same ``submit_key`` returns the submitted application unchanged."""
    application = locked(application.pk)
    _ensure_own(actor, application)
    key = (submit_key or "")[:64]
    if application.status != Status.DRAFT and key and application.submit_key == key:
        return application
    ensure_status(application, Status.DRAFT)
    service = catalog_access.service_get(application.service_slug)
    _ensure_online(service)
    _check_answers(service, application.answers)
    missing = missing_requirements(application=application, service=service)
    if missing:
        message = _("Upload the required documents first.")
        raise BalaiError(
            message,
            code=ErrorCode.DOCUMENTS_MISSING,
            field_errors={r.code: [_("This document is required.")] for r in missing},
        )
    today = timezone.localdate()
    application.fee_amount = fee_for(service, application.answers, strict=True)
    application.number = number_allocate(today.year)
    application.submitted_at = timezone.now()
    application.sla_due = due_date(today, service.sla_working_days)
    application.submit_key = key
    step(
        application,
        action=Action.SUBMIT,
        actor=actor,
        fields=("number", "submitted_at", "sla_due", "submit_key", "fee_amount"),
    )
    if application.fee_amount > 0:
        payable_open(application)
    return application
