# SPDX-License-Identifier: EUPL-1.2
"""Correcting a resident's data, with the reason kept encrypted on the event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.errors import Conflict
from balai.regions.nik import nik_matches, parse_nik
from balai.registry import policies
from balai.registry.constants import (
    ADDRESS_FIELDS,
    PERSON_FIELDS,
    ErrorCode,
    EventKind,
    ParticipantRole,
)
from balai.registry.models import Resident
from balai.registry.services.documents import (
    documents_check,
    event_finish,
    event_start,
)
from balai.registry.services.events.common import lock
from balai.registry.services.history import Changes
from balai.registry.services.inputs import (
    clean_name,
    ensure_not_future,
    fail,
    village_or_none,
)

# What a correction may change; NIK, KK number, status and family need their events.
CORRECTABLE = (*PERSON_FIELDS, *ADDRESS_FIELDS, "village")


def _value(name: str, value: Any) -> tuple[str, Any]:
    """(attribute, cleaned value) for a requested change."""
    if name == "village":
        region = village_or_none(value or None, "village")
        return "village_id", region.pk if region else None
    if name == "full_name":
        return name, clean_name(value)
    if name == "birth_date":
        if not isinstance(value, dt.date):
            raise fail(_("Enter a valid date."), ErrorCode.INVALID_VALUE, name)
        ensure_not_future(value, name)
        return name, value
    return name, (value or "").strip() if isinstance(value, str) else value


def _warnings(resident: Resident) -> list[str]:
    parsed = parse_nik(resident.nik, check_region=False)
    return nik_matches(parsed, resident.birth_date, resident.sex)


@transaction.atomic
def data_correct(
    *,
    actor: Any,
    resident: Resident,
    changes: Mapping[str, Any],
    reason: str,
    documents: Sequence[UploadedFile[bytes]] = (),
    expected_version: int | None = None,
) -> Resident:
    """Apply corrections to a resident's attributes (not NIK, card or status): one
    new version, a data_correction event with the encrypted reason, and an audit
    entry naming the fields. ``expected_version`` guards against a concurrent edit."""
    policies.ensure_can_record_event(actor)
    checked = documents_check(documents)
    if not (reason or "").strip():
        raise fail(
            _("State the reason for the correction."),
            ErrorCode.REASON_REQUIRED,
            "reason",
        )
    unknown = sorted(set(changes) - set(CORRECTABLE))
    if unknown:
        raise fail(
            _("These data cannot be corrected here: %(fields)s.")
            % {"fields": ", ".join(unknown)},
            ErrorCode.FIELD_NOT_CORRECTABLE,
        )
    (resident,) = lock(resident)
    if expected_version is not None and resident.version != expected_version:
        raise Conflict(
            _("Someone changed this record meanwhile; open it again."),
            code=ErrorCode.VERSION_CONFLICT,
        )
    changed = []
    for name, requested in changes.items():
        attribute, value = _value(name, requested)
        if getattr(resident, attribute) != value:
            setattr(resident, attribute, value)
            changed.append(attribute)
    if not changed:
        raise fail(_("Nothing differs from the current data."), ErrorCode.NO_CHANGES)
    event = event_start(
        kind=EventKind.DATA_CORRECTION,
        event_date=timezone.localdate(),
        actor=actor,
        note=reason,
    )
    history = Changes(event=event, actor=actor)
    history.touch(resident, *changed)
    history.flush("resident.correct")
    event_finish(
        event,
        participants=[(resident, ParticipantRole.SUBJECT)],
        documents=documents,
        checked=checked,
        details={"fields": sorted(changed), "warnings": _warnings(resident)},
    )
    return resident
