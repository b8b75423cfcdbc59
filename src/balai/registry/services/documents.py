# SPDX-License-Identifier: EUPL-1.2
"""Life events and their supporting documents (checked first, stored last).

Documents are parsed in full and stored as cleaned copies
(``core.uploads.clean_upload``: PDFs without active content, images re-encoded without
EXIF or GPS), never as sent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError
from balai.core.uploads import CleanedUpload, clean_upload
from balai.registry.constants import (
    DOCUMENT_KINDS,
    DOCUMENT_MAX_BYTES,
    MAX_DOCUMENTS,
    ErrorCode,
)
from balai.registry.models import (
    LifeEvent,
    LifeEventDocument,
    LifeEventParticipant,
    Resident,
)

_EXTENSIONS = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}


def documents_check(documents: Sequence[UploadedFile]) -> list[CleanedUpload]:
    """Parse, size-check and clean every document before anything is written."""
    if len(documents) > MAX_DOCUMENTS:
        message = _("Attach at most %(count)d documents.") % {"count": MAX_DOCUMENTS}
        raise BalaiError(
            message, code=ErrorCode.INVALID_VALUE, field_errors={"documents": [message]}
        )
    return [
        clean_upload(
            document,
            allowed=DOCUMENT_KINDS,
            max_bytes=DOCUMENT_MAX_BYTES,
            field="documents",
        )
        for document in documents
    ]


def event_start(
    *,
    kind: str,
    event_date: dt.date,
    actor: Any,
    details: dict[str, Any] | None = None,
    note: str = "",
) -> LifeEvent:
    """Create the event row first: versions written later point at it."""
    event = LifeEvent(
        kind=kind,
        event_date=event_date,
        event_month=event_date.replace(day=1),
        recorded_at=timezone.now(),
        recorded_by=getattr(actor, "pk", None),
        details=details or {},
        note=(note or "").strip(),
    )
    event.full_clean()
    event.save(force_insert=True)
    return event


def event_finish(
    event: LifeEvent,
    *,
    participants: Sequence[tuple[Resident, str]],
    documents: Sequence[UploadedFile] = (),
    checked: Sequence[CleanedUpload] = (),
    details: dict[str, Any] | None = None,
) -> LifeEvent:
    """Attach participants (first role per person wins), details and documents."""
    seen: set[Any] = set()
    rows = []
    for resident, role in participants:
        if resident.pk not in seen:
            seen.add(resident.pk)
            rows.append(LifeEventParticipant(event=event, resident=resident, role=role))
    LifeEventParticipant.objects.bulk_create(rows)
    if details:
        event.details = {**event.details, **details}
        event.save(update_fields=["details", "updated_at"])
    for _document, clean in zip(documents, checked, strict=True):
        # the cleaned copy, never the bytes as sent
        stored = ContentFile(clean.content, name=f"document.{_EXTENSIONS[clean.kind]}")
        LifeEventDocument.objects.create(
            event=event, file=stored, kind=clean.kind, size=clean.size
        )
    return event
