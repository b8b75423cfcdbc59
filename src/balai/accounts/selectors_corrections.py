# SPDX-License-Identifier: EUPL-1.2
"""Reads of data correction requests: a citizen's own, an agency's queue, one request.

Opening a request or its document shows staff a person's data, so those reads write
an audit entry with the purpose (``CORRECTION_PURPOSE``) before returning anything.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.files import File
from django.db.models import QuerySet
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from balai.accounts import policies
from balai.accounts.constants import (
    CorrectionDecision,
    CorrectionItem,
    CorrectionStatus,
)
from balai.accounts.models import DataCorrectionRequest, User
from balai.core.errors import NotFound
from balai.security import audit

CORRECTION_PURPOSE = "handling a data correction request"
OPEN_STATUSES = (
    CorrectionStatus.TRIAGE,
    CorrectionStatus.SUBMITTED,
    CorrectionStatus.IN_REVIEW,
)
# The queue filter: "open" (default), every status by name, or "all".
QUEUE_FILTERS = ("open", *CorrectionStatus.values, "all")

_CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}


@dataclass(frozen=True)
class CorrectionDocument:
    file: File
    content_type: str
    filename: str


def correction_request_list_for_user(*, user: User) -> QuerySet[DataCorrectionRequest]:
    """The requests ``user`` made about their own data, newest first."""
    return DataCorrectionRequest.objects.filter(requester_id=user.pk).order_by(
        "-created_at"
    )


def correction_request_queue(
    *, user: Any, status: str = "open"
) -> QuerySet[DataCorrectionRequest]:
    """Requests visible to ``user`` in ``status`` (see QUEUE_FILTERS), oldest first.

    Rows carry no personal data beyond the item asked about: staff see names and
    values only when they open a request, which is audited.
    """
    requests = policies.visible_correction_requests(user).select_related(
        "agency", "handled_by"
    )
    if status == "open":
        requests = requests.filter(status__in=OPEN_STATUSES)
    elif status in CorrectionStatus.values:
        requests = requests.filter(status=status)
    elif status != "all":
        return requests.none()
    deferred = ("requested_value", "explanation", "decision_reason")
    return requests.defer(*deferred).order_by("created_at")


def _get(request_id: uuid.UUID | str) -> DataCorrectionRequest:
    try:
        return DataCorrectionRequest.objects.select_related(
            "requester", "agency", "handled_by"
        ).get(pk=request_id)
    except (DataCorrectionRequest.DoesNotExist, ValueError) as exc:
        raise NotFound(_("There is no such correction request.")) from exc


def correction_request_for_handling(
    *, user: Any, request_id: uuid.UUID | str
) -> DataCorrectionRequest:
    """One request for the staff page: policy-checked (PermissionDenied) and audited."""
    request = _get(request_id)
    policies.ensure(user, "accounts.view_correction_request", request)
    audit.record_read(
        actor=user,
        purpose=CORRECTION_PURPOSE,
        target=request,
        subject_id=request.requester_id,
    )
    return request


def correction_document_for_handling(
    *, user: Any, request_id: uuid.UUID | str
) -> CorrectionDocument:
    """The supporting document of a request: policy-checked and audited like a read."""
    request = _get(request_id)
    policies.ensure(user, "accounts.view_correction_request", request)
    if not request.document:
        raise NotFound(_("This request has no supporting document."))
    audit.record_read(
        actor=user,
        purpose=CORRECTION_PURPOSE,
        action="person.read_document",
        target=request,
        subject_id=request.requester_id,
    )
    kind = request.document_kind or "pdf"
    return CorrectionDocument(
        file=request.document.open("rb"),
        content_type=_CONTENT_TYPES.get(kind, "application/octet-stream"),
        filename=f"correction-{request.reference}.{'jpg' if kind == 'jpeg' else kind}",
    )


def current_value(request: DataCorrectionRequest) -> Any:
    """What the account holds today for the item asked about (None when nothing)."""
    person = request.requester
    if request.item == CorrectionItem.FULL_NAME:
        return person.full_name
    if request.item == CorrectionItem.BIRTH_DATE:
        return person.birth_date
    if request.item == CorrectionItem.NIK:
        return person.nik
    return None


def history_steps(request: DataCorrectionRequest) -> list[dict[str, Any]]:
    """The status history with labels and times, for display."""
    statuses = dict(CorrectionStatus.choices)
    decisions = dict(CorrectionDecision.choices)
    steps = []
    for step in request.history:
        at = parse_datetime(step.get("at") or "")
        steps.append(
            {
                "at": at,
                "status": statuses.get(step.get("status"), step.get("status")),
                "decision": decisions.get(step.get("decision"), ""),
            }
        )
    return steps
