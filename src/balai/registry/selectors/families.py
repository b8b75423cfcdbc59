# SPDX-License-Identifier: EUPL-1.2
"""Reading a family card: its members now and before (each member's read audited)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from balai.core.errors import NotFound
from balai.registry import policies
from balai.registry.constants import ErrorCode
from balai.registry.models import Family, FamilyMembership
from balai.security import audit


@dataclass(frozen=True)
class FamilyView:
    family: Family
    members: list[FamilyMembership]  # current, in card order
    former: list[FamilyMembership]  # who was on the card before


def family_get(actor: Any, family_id: uuid.UUID | str, *, purpose: str) -> FamilyView:
    """A family card with its current and former members; policy-checked, and one
    ``person.read`` audit entry (with ``purpose``) per person shown."""
    policies.ensure_can_view_register(actor)
    try:
        family = (
            policies.visible_families(actor)
            .select_related("village", "head")
            .get(pk=family_id)
        )
    except (Family.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise NotFound(_("There is no such family."), code=ErrorCode.NOT_FOUND) from exc
    memberships = list(
        FamilyMembership.objects.filter(family_id=family.pk)
        .select_related("resident")
        .order_by("valid_from", "pk")
    )
    audit.record_read(
        actor=actor, purpose=purpose, target=family, subject_id=family.head_id
    )
    for resident_id in {m.resident_id for m in memberships} - {family.head_id}:
        audit.record_read(
            actor=actor, purpose=purpose, target=family, subject_id=resident_id
        )
    current = [m for m in memberships if m.valid_to is None]
    current.sort(
        key=lambda m: (m.relationship != "kepala_keluarga", m.resident.birth_date)
    )
    return FamilyView(
        family=family,
        members=current,
        former=[m for m in memberships if m.valid_to is not None],
    )
