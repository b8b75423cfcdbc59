# SPDX-License-Identifier: EUPL-1.2
"""What the register tells the audit pages (``security.audit.directory``): residents'
names behind data-subject ids, and residents found by NIK or exact name through the
keyed blind indexes (the auditor's search never decrypts the register)."""

from __future__ import annotations

import re
import uuid

from balai.registry.models import Resident
from balai.security.crypto.blind import blind_lookup


def resident_names(ids: set[str]) -> dict[str, str]:
    valid = []
    for value in ids:
        try:
            valid.append(uuid.UUID(value))
        except ValueError:
            continue
    rows = Resident.objects.filter(pk__in=valid).only("pk", "full_name")
    return {str(row.pk): row.full_name for row in rows}


def find_residents(text: str) -> set[str]:
    digits = re.sub(r"\D", "", text)
    if len(digits) == 16:
        query = blind_lookup(Resident, "nik", digits)
    else:
        query = blind_lookup(Resident, "full_name", text)
    return {
        str(pk) for pk in Resident.objects.filter(query).values_list("pk", flat=True)
    }


def register() -> None:
    from balai.security.audit import directory

    directory.register_names("person", resident_names, name="registry.residents")
    directory.register_finder("person", find_residents, name="registry.residents")
