# SPDX-License-Identifier: EUPL-1.2
"""Typed inputs of the event services and the checks every service shares."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError
from balai.regions.models import Region
from balai.regions.nik import NikError, ParsedNik, parse_nik
from balai.regions.selectors import region_get
from balai.registry.constants import (
    Citizenship,
    ErrorCode,
    MaritalStatus,
    ResidentStatus,
)
from balai.registry.models import Resident

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class PersonData:
    """A person's civil attributes as an officer enters them."""

    full_name: str
    birth_date: dt.date
    sex: str
    birth_place: str = ""
    religion: str = ""
    marital_status: str = MaritalStatus.SINGLE
    occupation: str = ""
    education: str = ""
    blood_type: str = ""
    citizenship: str = Citizenship.WNI

    def attributes(self) -> dict[str, object]:
        return {
            "full_name": clean_name(self.full_name),
            "birth_date": self.birth_date,
            "sex": self.sex,
            "birth_place": (self.birth_place or "").strip(),
            "religion": self.religion,
            "marital_status": self.marital_status,
            "occupation": (self.occupation or "").strip(),
            "education": self.education,
            "blood_type": self.blood_type,
            "citizenship": self.citizenship,
        }


@dataclass(frozen=True)
class AddressData:
    """A domicile address: street line, RT/RW and the village code."""

    address: str
    rt: str = ""
    rw: str = ""
    village_code: str | None = None


@dataclass(frozen=True)
class Arrival:
    """One person moving in: their NIK, relationship to the head, and (for people
    not yet in the register) their data."""

    nik: str
    relationship: str
    person: PersonData | None = None


def clean_name(value: str) -> str:
    return _SPACES.sub(" ", value or "").strip()


def fail(message: str, code: str, field: str | None = None) -> BalaiError:
    """A BalaiError, with the message also under ``field`` when given."""
    errors = {field: [message]} if field else None
    return BalaiError(message, code=code, field_errors=errors)


def ensure_not_future(value: dt.date, field: str) -> None:
    if value > timezone.localdate():
        raise fail(_("The date lies in the future."), ErrorCode.FUTURE_DATE, field)


def ensure_not_before_birth(value: dt.date, resident: Resident, field: str) -> None:
    if value < resident.birth_date:
        raise fail(
            _("The date lies before the person's birth."),
            ErrorCode.DATE_BEFORE_BIRTH,
            field,
        )


def ensure_alive(resident: Resident, field: str = "resident") -> None:
    if resident.status == ResidentStatus.DECEASED:
        raise fail(
            _("This person is recorded as deceased."),
            ErrorCode.ALREADY_DECEASED,
            field,
        )
    if resident.status != ResidentStatus.ALIVE:
        raise fail(
            _("This person is not living in the register's area."),
            ErrorCode.NOT_ALIVE,
            field,
        )


def region_or_error(
    code: str | None, field: str, *, level: int | None = None
) -> Region:
    region = region_get((code or "").strip()) if code else None
    if region is None or (level is not None and region.level != level):
        raise fail(
            _("There is no region with this code."), ErrorCode.UNKNOWN_REGION, field
        )
    return region


def village_or_none(code: str | None, field: str = "village_code") -> Region | None:
    if not code:
        return None
    return region_or_error(code, field, level=Region.Level.VILLAGE)


def nik_or_error(value: str, field: str = "nik") -> ParsedNik:
    try:
        return parse_nik(value)
    except NikError as exc:
        raise BalaiError(
            exc.message, code=ErrorCode.INVALID_NIK, field_errors={field: [exc.message]}
        ) from exc


def full_clean(instance: models.Model, exclude: Iterable[str] = ()) -> None:
    """``full_clean`` with Django's ValidationError turned into a BalaiError."""
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        errors = {
            name: [str(message) for message in messages]
            for name, messages in exc.message_dict.items()
        }
        raise BalaiError(
            _("Please correct the marked fields."),
            code=ErrorCode.INVALID_VALUE,
            field_errors=errors,
        ) from exc
