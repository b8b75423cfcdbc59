# SPDX-License-Identifier: EUPL-1.2
"""Allocation of new NIKs and family card (KK) numbers, unique under concurrency.

A NIK is ``PPKKCC DD(+40 for women) MM YY SSSS`` (spec §1.1), a KK number ``PPKKCC
DDMMYY SSSS`` with the issue date (§1.2). The serial comes from a per-prefix counter
row incremented by one UPDATE in the caller's transaction: on PostgreSQL the row lock
makes a concurrent allocator wait and then see the new value; on SQLite the
IMMEDIATE transaction mode already serialises writers. Serials already held by a
resident (a NIK registered from elsewhere) or a family are skipped, found through
their blind indexes. Both functions are building blocks of the event services, which
check the policy and write the audit entries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError
from balai.regions.models import Region
from balai.regions.selectors import region_get
from balai.registry.constants import MAX_SERIAL, ErrorCode, Sex
from balai.registry.models import Family, KkSequence, NikSequence, Resident, nik_q
from balai.registry.models.sequence import SerialSequence
from balai.registry.services.inputs import ensure_not_future
from balai.security.crypto.blind import blind_index, index_for


def district_digits(district_code: str) -> str:
    """``PPKKCC`` of an existing district (dotted or not); BalaiError otherwise."""
    region = region_get((district_code or "").strip())
    if region is None or region.level != Region.Level.DISTRICT:
        raise BalaiError(
            _("There is no district with this code."),
            code=ErrorCode.UNKNOWN_DISTRICT,
            field_errors={"district_code": [_("Enter an existing district code.")]},
        )
    return region.compact_code


def nik_prefix(*, district: str, birth_date: dt.date, sex: str) -> str:
    """The first 12 digits of a NIK for a compact district code (no checks)."""
    day = birth_date.day + (40 if sex == Sex.FEMALE else 0)
    return f"{district}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}"


def kk_prefix(*, district: str, issued_on: dt.date) -> str:
    """The first 12 digits of a family card number (no +40 rule)."""
    return f"{district}{issued_on:%d%m}{issued_on.year % 100:02d}"


def _next_free(
    model: type[SerialSequence], prefix: str, taken: Callable[[str], bool]
) -> str:
    key = blind_index(prefix, context=f"registry.{model.__name__}.prefix")
    model.objects.bulk_create([model(key=key)], ignore_conflicts=True)
    rows = model.objects.filter(key=key)
    while True:
        if not rows.filter(last__lt=MAX_SERIAL).update(last=F("last") + 1):
            raise BalaiError(
                _(
                    "All serial numbers for this region and date are taken; "
                    "ask the national Dukcapil for help."
                ),
                code=ErrorCode.SERIALS_EXHAUSTED,
            )
        serial = rows.values_list("last", flat=True).get()
        candidate = f"{prefix}{serial:04d}"
        if not taken(candidate):
            return candidate


def _nik_taken(nik: str) -> bool:
    return Resident.objects.filter(nik_q(nik)).exists()


def _kk_taken(number: str) -> bool:
    return Family.objects.filter(
        kk_index=index_for(Family, "kk_number", number)
    ).exists()


@transaction.atomic
def nik_allocate(*, district_code: str, birth_date: dt.date, sex: str) -> str:
    """A new NIK for a person first registered in ``district_code``; never reused.

    The district must exist, the birth date must not be in the future; raises
    BalaiError (``serials_exhausted``) when 9999 serials of the prefix are used. Runs
    in the caller's transaction: a rollback returns the serial.
    """
    if sex not in Sex.values:
        raise BalaiError(
            _("Sex must be male or female."),
            code=ErrorCode.INVALID_SEX,
            field_errors={"sex": [_("Choose male or female.")]},
        )
    ensure_not_future(birth_date, "birth_date")
    district = district_digits(district_code)
    prefix = nik_prefix(district=district, birth_date=birth_date, sex=sex)
    return _next_free(NikSequence, prefix, _nik_taken)


@transaction.atomic
def kk_allocate(*, district_code: str, issued_on: dt.date | None = None) -> str:
    """A new family card number issued in ``district_code`` on ``issued_on`` (today).

    Same guarantees as ``nik_allocate``; numbers held by any family are skipped.
    """
    issued_on = issued_on or timezone.localdate()
    ensure_not_future(issued_on, "issued_on")
    district = district_digits(district_code)
    prefix = kk_prefix(district=district, issued_on=issued_on)
    return _next_free(KkSequence, prefix, _kk_taken)
