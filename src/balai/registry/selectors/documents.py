# SPDX-License-Identifier: EUPL-1.2
"""Supporting documents of life events, handed out only after a policy check and
one audit entry per person the event concerns."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext as _

from balai.core.errors import NotFound
from balai.registry import policies
from balai.registry.constants import ErrorCode
from balai.registry.models import LifeEventDocument
from balai.security import audit

_CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}


@dataclass(frozen=True)
class EventDocument:
    file: File[bytes]
    content_type: str
    filename: str


def event_document_get(
    actor: Any, document_id: uuid.UUID | str, *, purpose: str
) -> EventDocument:
    """The file of a supporting document: policy-checked, audited per person."""
    policies.ensure_can_view_register(actor)
    try:
        documents = LifeEventDocument.objects.select_related("event")
        document = documents.get(pk=document_id)
    except (
        LifeEventDocument.DoesNotExist,
        ValueError,
        TypeError,
        ValidationError,
    ) as exc:
        raise NotFound(
            _("There is no such document."), code=ErrorCode.NOT_FOUND
        ) from exc
    subjects = document.event.participants.values_list("resident_id", flat=True)
    for subject_id in subjects:
        audit.record_read(
            actor=actor,
            purpose=purpose,
            action="person.read_document",
            target=document,
            subject_id=subject_id,
        )
    kind = document.kind
    return EventDocument(
        file=document.file.open("rb"),
        content_type=_CONTENT_TYPES.get(kind, "application/octet-stream"),
        filename=f"{document.event.kind}-{str(document.pk)[:8]}."
        f"{'jpg' if kind == 'jpeg' else kind}",
    )
