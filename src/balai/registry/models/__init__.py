# SPDX-License-Identifier: EUPL-1.2
"""Models of the population register, one concern per module."""

from balai.registry.models.event import (
    LifeEvent,
    LifeEventDocument,
    LifeEventParticipant,
)
from balai.registry.models.family import Family, FamilyMembership
from balai.registry.models.history import ResidentVersion
from balai.registry.models.resident import (
    SNAPSHOT_FIELDS,
    Resident,
    nik_province,
    nik_q,
    niks_q,
)
from balai.registry.models.sequence import KkSequence, NikSequence

__all__ = [
    "SNAPSHOT_FIELDS",
    "Family",
    "FamilyMembership",
    "KkSequence",
    "LifeEvent",
    "LifeEventDocument",
    "LifeEventParticipant",
    "NikSequence",
    "Resident",
    "ResidentVersion",
    "nik_province",
    "nik_q",
    "niks_q",
]
from balai.registry.exchange.models import ApiClient, DataSharingAgreement  # noqa: F401
from balai.registry.statistics.models import PopulationCell  # noqa: F401
