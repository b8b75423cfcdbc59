# SPDX-License-Identifier: EUPL-1.2
"""Citizens' data rights (UU 27/2022): export of one's data and correction requests.

Every function here is a write: it checks the policy, runs in a transaction, records
an audit entry and, for correction requests, tells the citizen after commit.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.accounts import policies
from balai.accounts.constants import (
    CorrectionDecision,
    CorrectionErrorCode,
    CorrectionItem,
    CorrectionStatus,
    Role,
)
from balai.accounts.data_rights_notices import notify_requester
from balai.accounts.data_rights_values import correction_value_clean
from balai.accounts.models import Agency, DataCorrectionRequest, User
from balai.accounts.selectors_corrections import CORRECTION_PURPOSE, OPEN_STATUSES
from balai.core.errors import BalaiError, NotFound
from balai.core.uploads import clean_upload
from balai.security import audit

logger = logging.getLogger(__name__)

EXPORT_FORMAT = "balai.personal-data.v1"
EXPORT_PURPOSE = "data subject access request (UU 27/2022 Art. 7 and 13)"
SUBMIT_PURPOSE = "data correction request by the data subject (UU 27/2022 Art. 6)"
APPLY_PURPOSE = "correction accepted on the data subject's request (UU 27/2022 Art. 6)"
DOCUMENT_KINDS = ("pdf", "jpeg", "png")
_EXTENSIONS = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}
DOCUMENT_MAX_BYTES = 5 * 1024 * 1024
MAX_OPEN_REQUESTS = 10


@transaction.atomic
def personal_data_export(*, user: User, sections: Mapping[str, Any]) -> str:
    """The person's data as UTF-8 JSON text; the export is recorded in the audit log.

    ``sections`` (name → JSON-serialisable data) is assembled by the caller from every
    app that holds data about the person; this service adds the envelope.
    """
    policies.ensure(user, "accounts.export_own_data")
    payload = {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now().isoformat(),
        "subject_id": str(user.pk),
        "controller": settings.GOVERNMENT_UNIT_NAME,
        "legal_basis": "UU 27/2022 Art. 7 and 13",
        "sections": dict(sections),
    }
    text = json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    audit.record(
        actor=user,
        action="person.export",
        target=user,
        subject_id=user.pk,
        purpose=EXPORT_PURPOSE,
        changes=list(sections),
    )
    return text


def _history(request: DataCorrectionRequest, by: str) -> None:
    entry = {"status": request.status, "at": timezone.now().isoformat(), "by": by}
    if request.decision:
        entry["decision"] = request.decision
    request.history = [*request.history, entry]


def _after_commit(request: DataCorrectionRequest, event: str) -> None:
    notify_requester(request=request, event=event)


@transaction.atomic
def correction_request_submit(
    *,
    user: User,
    item: str,
    requested_value: str,
    explanation: str = "",
    document: UploadedFile | None = None,
) -> DataCorrectionRequest:
    """File a correction request in the identity agency's queue (triage without one).

    The document, if any, is sniffed, size-checked, parsed in full and cleaned
    first (``core.uploads.clean_upload``); nothing is stored when
    any input is refused (BalaiError with field errors).
    """
    policies.ensure(user, "accounts.submit_correction_request")
    errors: dict[str, list[str]] = {}
    value = ""
    try:
        value = correction_value_clean(item=item, value=requested_value)
    except BalaiError as exc:
        errors.update(exc.field_errors)
    checked = None
    if document is not None:
        try:
            checked = clean_upload(
                document,
                allowed=DOCUMENT_KINDS,
                max_bytes=DOCUMENT_MAX_BYTES,
                field="document",
            )
        except BalaiError as exc:
            errors.update(exc.field_errors)
    if errors:
        raise BalaiError(
            _("Please correct the marked fields."),
            code=CorrectionErrorCode.INVALID_CORRECTION,
            field_errors=errors,
        )
    open_count = DataCorrectionRequest.objects.filter(
        requester_id=user.pk, status__in=OPEN_STATUSES
    ).count()
    if open_count >= MAX_OPEN_REQUESTS:
        raise BalaiError(
            _("You have many open requests. Wait for an answer before adding more."),
            code=CorrectionErrorCode.INVALID_CORRECTION,
        )
    agency = Agency.objects.filter(
        code=settings.IDENTITY_AGENCY_CODE, is_active=True
    ).first()
    request = DataCorrectionRequest(
        requester=user,
        agency=agency,
        item=item,
        requested_value=value,
        explanation=(explanation or "").strip(),
        status=CorrectionStatus.SUBMITTED if agency else CorrectionStatus.TRIAGE,
    )
    if document is not None and checked is not None:
        request.document = ContentFile(
            checked.content, name=f"document.{_EXTENSIONS[checked.kind]}"
        )
        request.document_kind = checked.kind
    _history(request, "citizen")
    request.full_clean()
    request.save(force_insert=True)
    audit.record(
        actor=user,
        action="correction_request.submit",
        target=request,
        purpose=SUBMIT_PURPOSE,
        changes=["item", "requested_value", "explanation", "document"],
    )
    if agency is None:
        logger.warning("accounts.correction_triage request=%s", request.pk)
    _after_commit(request, "submitted")
    return request


def _locked(request_id: uuid.UUID | str) -> DataCorrectionRequest:
    try:
        return DataCorrectionRequest.objects.select_for_update().get(pk=request_id)
    except (DataCorrectionRequest.DoesNotExist, ValueError) as exc:
        raise NotFound(_("There is no such correction request.")) from exc


@transaction.atomic
def correction_request_claim(
    *, actor: User, request_id: uuid.UUID | str
) -> DataCorrectionRequest:
    """Take an unclaimed request into review; the citizen is told after commit."""
    request = _locked(request_id)
    policies.ensure(actor, "accounts.handle_correction_request", request)
    if request.status not in (CorrectionStatus.SUBMITTED, CorrectionStatus.TRIAGE):
        raise BalaiError(
            _("This request is already being handled or was resolved."),
            code=CorrectionErrorCode.INVALID_TRANSITION,
        )
    request.status = CorrectionStatus.IN_REVIEW
    request.handled_by = actor
    request.claimed_at = timezone.now()
    _history(request, "staff")
    request.full_clean()
    request.save(
        update_fields=["status", "handled_by", "claimed_at", "history", "updated_at"]
    )
    audit.record(
        actor=actor,
        action="correction_request.claim",
        target=request,
        purpose=CORRECTION_PURPOSE,
        changes=["status", "handled_by"],
    )
    _after_commit(request, "claimed")
    return request


def _apply(request: DataCorrectionRequest, actor: User) -> list[str]:
    """Write an accepted name or birth date to the account; other items are recorded
    only (NIK and address belong to the population register)."""
    person = User.objects.select_for_update().get(pk=request.requester_id)
    if request.item == CorrectionItem.FULL_NAME:
        person.full_name = request.requested_value
        fields = ["full_name"]
    elif request.item == CorrectionItem.BIRTH_DATE:
        person.birth_date = dt.date.fromisoformat(request.requested_value)
        fields = ["birth_date"]
    else:
        return []
    others = [f.name for f in User._meta.concrete_fields if f.name not in fields]
    person.clean_fields(exclude=others)
    person.save(update_fields=fields)
    audit.record(
        actor=actor,
        action="person.update",
        target=person,
        subject_id=person.pk,
        purpose=APPLY_PURPOSE,
        changes=fields,
    )
    return fields


@transaction.atomic
def correction_request_resolve(
    *,
    actor: User,
    request_id: uuid.UUID | str,
    accepted: bool,
    reason: str = "",
) -> DataCorrectionRequest:
    """Accept (applying a name or birth date) or reject (a reason is required).

    Only the officer who claimed the request, or an agency head, decides on it.
    """
    request = _locked(request_id)
    policies.ensure(actor, "accounts.handle_correction_request", request)
    if request.status != CorrectionStatus.IN_REVIEW:
        raise BalaiError(
            _("Claim the request before deciding on it."),
            code=CorrectionErrorCode.INVALID_TRANSITION,
        )
    if request.handled_by_id != actor.pk and not policies.has_role(
        actor, Role.AGENCY_HEAD
    ):
        raise BalaiError(
            _("Another officer is handling this request."),
            code=CorrectionErrorCode.INVALID_TRANSITION,
        )
    reason = (reason or "").strip()
    if not accepted and not reason:
        raise BalaiError(
            _("Give the reason for rejecting the request."),
            code=CorrectionErrorCode.REASON_REQUIRED,
            field_errors={"reason": [_("A reason is required to reject.")]},
        )
    if accepted:
        _apply(request, actor)
    request.status = CorrectionStatus.RESOLVED
    request.decision = (
        CorrectionDecision.ACCEPTED if accepted else CorrectionDecision.REJECTED
    )
    request.decision_reason = reason
    request.handled_by = actor
    request.resolved_at = timezone.now()
    _history(request, "staff")
    request.full_clean()
    request.save(
        update_fields=[
            "status",
            "decision",
            "decision_reason",
            "handled_by",
            "resolved_at",
            "history",
            "updated_at",
        ]
    )
    audit.record(
        actor=actor,
        action="correction_request.resolve",
        target=request,
        purpose=CORRECTION_PURPOSE,
        changes=["status", "decision", "decision_reason"],
    )
    _after_commit(request, "accepted" if accepted else "rejected")
    return request
