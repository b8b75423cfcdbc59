# SPDX-License-Identifier: EUPL-1.2
"""Turning a resident (or a snapshot of one) into labelled rows for the pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.template.defaultfilters import date as date_filter
from django.utils.translation import gettext_lazy as _

from balai.regions.nik import format_nik_masked
from balai.regions.selectors import region_get
from balai.registry.constants import (
    BloodType,
    Citizenship,
    Education,
    MaritalStatus,
    Relationship,
    Religion,
    ResidentStatus,
    Sex,
)
from balai.registry.models import SNAPSHOT_FIELDS, Resident

LABELS = {
    "nik": _("NIK"),
    "kk_number": _("Family card number"),
    "full_name": _("Full name"),
    "birth_place": _("Place of birth"),
    "birth_date": _("Date of birth"),
    "sex": _("Sex"),
    "religion": _("Religion"),
    "marital_status": _("Marital status"),
    "occupation": _("Occupation"),
    "education": _("Education"),
    "blood_type": _("Blood type"),
    "citizenship": _("Citizenship"),
    "address": _("Address"),
    "rt": _("RT"),
    "rw": _("RW"),
    "village_id": _("Village"),
    "status": _("Status"),
    "family_id": _("Family card"),
    "relationship": _("Relationship to the head"),
}
CHOICES = {
    "sex": dict(Sex.choices),
    "religion": dict(Religion.choices),
    "marital_status": dict(MaritalStatus.choices),
    "education": dict(Education.choices),
    "blood_type": dict(BloodType.choices),
    "citizenship": dict(Citizenship.choices),
    "status": dict(ResidentStatus.choices),
    "relationship": dict(Relationship.choices),
}
MASKED = ("nik", "kk_number")


@dataclass(frozen=True)
class Row:
    key: str
    label: Any
    value: Any
    masked: str = ""


def resident_data(resident: Resident) -> dict[str, Any]:
    """A live resident in the snapshot's shape (dates stay dates)."""
    return {name: getattr(resident, name) for name in SNAPSHOT_FIELDS}


def _village(code: str | None, cache: dict[str, str]) -> str:
    if not code:
        return ""
    if code not in cache:
        region = region_get(code)
        cache[code] = f"{region.name} ({code})" if region else code
    return cache[code]


def _shown(key: str, value: Any, cache: dict[str, str]) -> Any:
    if key == "village_id":
        return _village(value, cache)
    if key == "birth_date" and value:
        day = dt.date.fromisoformat(value) if isinstance(value, str) else value
        return date_filter(day, "j F Y")
    if key in CHOICES:
        return CHOICES[key].get(value, value) if value else ""
    return value


def attribute_rows(
    data: dict[str, Any], keys: tuple[str, ...] = SNAPSHOT_FIELDS
) -> list[Row]:
    """Labelled rows; NIK and KK number come with a masked form to show first."""
    cache: dict[str, str] = {}
    rows = []
    for key in keys:
        if key not in data:
            continue
        value = data[key]
        masked = format_nik_masked(value) if key in MASKED and value else ""
        rows.append(
            Row(key, LABELS.get(key, key), _shown(key, value, cache) or "", masked)
        )
    return rows


def changed_labels(names: list[str]) -> list[Any]:
    return [LABELS.get(name, name) for name in names]
