# SPDX-License-Identifier: EUPL-1.2
"""Reading residents: one record (audited), exact searches, a citizen's own record.

Every function that hands a person's data to staff checks the policy and writes an
audit entry with the stated purpose before returning anything.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError, NotFound
from balai.regions.nik import NikError, parse_nik
from balai.registry import policies
from balai.registry.constants import SEARCH_LIMIT, ErrorCode
from balai.registry.models import Family, FamilyMembership, Resident, nik_q
from balai.security import audit
from balai.security.audit.service import PURPOSE_REQUIRED
from balai.security.crypto.blind import index_for


def _get(actor: Any, resident_id: uuid.UUID | str) -> Resident:
    policies.ensure_can_view_register(actor)
    try:
        return (
            policies.visible_residents(actor)
            .select_related("village")
            .get(pk=resident_id)
        )
    except (Resident.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise NotFound(
            _("There is no such resident."), code=ErrorCode.NOT_FOUND
        ) from exc


def resident_get(actor: Any, resident_id: uuid.UUID | str, *, purpose: str) -> Resident:
    """One resident for staff: policy-checked (PermissionDenied), NotFound when
    absent, and a ``person.read`` audit entry with ``purpose`` (required)."""
    resident = _get(actor, resident_id)
    audit.record_read(actor=actor, purpose=purpose, target=resident)
    return resident


def resident_placement(resident: Resident) -> FamilyMembership | None:
    """The resident's current family card and relationship (for a record already
    read through an audited selector)."""
    return (
        FamilyMembership.objects.select_related("family", "family__village")
        .filter(resident_id=resident.pk, valid_to__isnull=True)
        .first()
    )


def _criteria(
    nik: str | None, kk_number: str | None, name: str | None, birth_date: dt.date | None
) -> tuple[Q, list[str]]:
    if nik:
        try:
            parsed = parse_nik(nik, check_region=False)
        except NikError as exc:
            raise BalaiError(
                exc.message,
                code=ErrorCode.INVALID_SEARCH,
                field_errors={"nik": [exc.message]},
            ) from exc
        return nik_q(parsed.nik), ["nik"]
    if kk_number:
        families = Family.objects.filter(
            kk_index=index_for(Family, "kk_number", kk_number)
        )
        members = FamilyMembership.objects.filter(family__in=families)
        return Q(pk__in=members.values("resident_id")), ["kk_number"]
    if name and birth_date:
        field = Resident._meta.get_field("name_birth_index")
        index = field.index_of((name, birth_date)) or "-"
        return Q(name_birth_index=index), ["full_name", "birth_date"]
    message = _("Search by NIK, by family card number, or by name and date of birth.")
    raise BalaiError(message, code=ErrorCode.INVALID_SEARCH)


def resident_search(
    actor: Any,
    *,
    nik: str | None = None,
    kk_number: str | None = None,
    name: str | None = None,
    birth_date: dt.date | None = None,
    purpose: str,
) -> list[Resident]:
    """Exact matches through the blind indexes (NIK; family card number, current or
    past; or normalised name + birth date), at most SEARCH_LIMIT. One
    ``person.search`` audit entry with the purpose and the criteria's field names;
    opening a result is a separate audited read."""
    policies.ensure_can_view_register(actor)
    if not (purpose or "").strip():
        raise BalaiError(
            _("State the purpose of looking at this person's data."),
            code=PURPOSE_REQUIRED,
            field_errors={"purpose": [_("A purpose is required.")]},
        )
    query, used = _criteria(nik, kk_number, name, birth_date)
    audit.record(
        actor=actor,
        action="person.search",
        purpose=purpose,
        object_type=Resident._meta.label_lower,
        changes=used,
    )
    rows: QuerySet[Resident] = (
        policies.visible_residents(actor).filter(query).select_related("village")
    )
    return list(rows.order_by("created_at")[:SEARCH_LIMIT])


def resident_for_citizen(user: Any) -> Resident | None:
    """The signed-in citizen's own record: the account's NIK (blind index) and birth
    date must both match, so a NIK typed at sign-up alone does not open a record."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_staff", False):
        return None
    nik = getattr(user, "nik", None)
    if not nik:
        return None
    resident = Resident.objects.select_related("village").filter(nik_q(nik)).first()
    if resident is None or resident.birth_date != getattr(user, "birth_date", None):
        return None
    return resident


def resident_for_event(actor: Any, nik: str) -> Resident | None:
    """Resolve a NIK typed into an event form (the event itself is audited)."""
    policies.ensure_can_record_event(actor)
    return policies.visible_residents(actor).filter(nik_q(nik)).first()


def family_for_event(actor: Any, kk_number: str) -> Family | None:
    """Resolve a family card number typed into an event form (open cards only)."""
    policies.ensure_can_record_event(actor)
    return (
        policies.visible_families(actor)
        .filter(
            kk_index=index_for(Family, "kk_number", kk_number), closed_at__isnull=True
        )
        .first()
    )
