# SPDX-License-Identifier: EUPL-1.2
"""Whose audit entries concern a signed-in person: their account and their record."""

from __future__ import annotations

import uuid
from typing import Any

from balai.registry.selectors.residents import resident_for_citizen


def subject_ids_for_user(user: Any) -> list[uuid.UUID]:
    """The audit subject ids of ``user``'s own data: the account id, plus the id of
    their register record when the account's NIK and birth date match one (see
    ``resident_for_citizen``). For "Data Saya"; staff accounts get the account id."""
    if not getattr(user, "is_authenticated", False):
        return []
    ids = [user.pk]
    resident = resident_for_citizen(user)
    if resident is not None and resident.pk not in ids:
        ids.append(resident.pk)
    return ids
