# SPDX-License-Identifier: EUPL-1.2
"""A resident of the register: identity, civil attributes, address and status.

Identity and address are ciphertext with keyed blind indexes for exact lookups (NIK,
current KK number, normalised name, normalised name + birth date). Statistics-grade
attributes (sex, religion, marital status, RT/RW, village) stay plain. Rows change
only through the event services, which bump ``version`` and write a ResidentVersion.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel
from balai.registry.constants import (
    ADDRESS_FIELDS,
    PERSON_FIELDS,
    BloodType,
    Citizenship,
    Education,
    MaritalStatus,
    Religion,
    ResidentStatus,
    Sex,
)
from balai.registry.models.fields import (
    CompositeBlindIndexField,
    CompositeIndexMixin,
    DerivedCharField,
)
from balai.security.crypto.blind import index_for
from balai.security.crypto.fields import (
    BlindIndexField,
    EncryptedCharField,
    EncryptedDateField,
    EncryptedTextField,
)

NAME_NORMALISER = "balai.registry.normalise.normalise_name"
NAME_BIRTH_NORMALISER = "balai.registry.normalise.normalise_name_birth"
NIK_PROVINCE = "balai.registry.models.resident.nik_province"
PROVINCE_LENGTH = 2

# Every attribute a ResidentVersion snapshot holds (besides family placement).
SNAPSHOT_FIELDS = (
    "nik",
    "kk_number",
    *PERSON_FIELDS,
    *ADDRESS_FIELDS,
    "village_id",
    "status",
)


def nik_province(nik: Any) -> str:
    """The province code of a NIK's region (its first two digits, after the same
    digits-only normalising as the NIK's blind index); "" without one."""
    digits = "".join(ch for ch in str(nik or "") if ch.isdigit())
    return digits[:PROVINCE_LENGTH] if len(digits) >= PROVINCE_LENGTH else ""


def nik_q(nik: str) -> models.Q:
    """The resident with this NIK: its blind index plus its province, so that on a
    register partitioned by province (``balai partitions apply``) PostgreSQL reads
    one partition."""
    return models.Q(nik_index=index_for(Resident, "nik", nik)) & models.Q(
        nik_province=nik_province(nik)
    )


def niks_q(niks: Iterable[str]) -> models.Q:
    """The residents with any of these NIKs (their partitions only, as ``nik_q``)."""
    indexes = {index_for(Resident, "nik", nik): nik_province(nik) for nik in niks}
    return models.Q(nik_index__in=sorted(indexes)) & models.Q(
        nik_province__in=sorted(set(indexes.values()))
    )


class Resident(CompositeIndexMixin, BaseModel):
    """One person in the population register (alive, deceased or moved away)."""

    nik = EncryptedCharField(_("NIK"), max_length=16)
    nik_index = BlindIndexField(
        "nik", "digits", verbose_name=_("NIK index"), unique=True, null=True
    )
    # Plain: the province of the NIK's region (public structure, no personal data on
    # its own; docs/scaling.md), the key the register is partitioned by.
    nik_province = DerivedCharField(
        "nik", NIK_PROVINCE, verbose_name=_("province of the NIK"), max_length=2
    )
    kk_number = EncryptedCharField(
        _("family card number"), max_length=16, null=True, blank=True
    )
    kk_index = BlindIndexField(
        "kk_number", "digits", verbose_name=_("family card number index")
    )
    full_name = EncryptedCharField(_("full name"), max_length=150)
    # Declared before name_birth_index: index_for(Resident, "full_name", v) finds it.
    name_index = BlindIndexField(
        "full_name", NAME_NORMALISER, verbose_name=_("name index")
    )
    name_birth_index = CompositeBlindIndexField(
        ["full_name", "birth_date"],
        NAME_BIRTH_NORMALISER,
        context="registry.Resident.name_birth",
        verbose_name=_("name and birth date index"),
    )
    birth_place = EncryptedCharField(_("place of birth"), max_length=100, blank=True)
    birth_date = EncryptedDateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    religion = models.CharField(_("religion"), max_length=12, choices=Religion.choices)
    marital_status = models.CharField(
        _("marital status"),
        max_length=12,
        choices=MaritalStatus.choices,
        default=MaritalStatus.SINGLE,
    )
    occupation = models.CharField(_("occupation"), max_length=100, blank=True)
    education = models.CharField(
        _("education"), max_length=16, choices=Education.choices, blank=True
    )
    blood_type = models.CharField(
        _("blood type"), max_length=2, choices=BloodType.choices, blank=True
    )
    citizenship = models.CharField(
        _("citizenship"),
        max_length=3,
        choices=Citizenship.choices,
        default=Citizenship.WNI,
    )
    address = EncryptedTextField(_("address"), max_length=300, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ResidentStatus.choices,
        default=ResidentStatus.ALIVE,
        db_index=True,
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        # Names are ciphertext in the database: no ordering by name there.
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rt__regex=r"^[0-9]{0,3}$")
                & models.Q(rw__regex=r"^[0-9]{0,3}$"),
                name="registry_resident_rt_rw_digits",
            ),
        ]

    def __str__(self) -> str:
        # Never the name or NIK: str() ends up in logs and admin history.
        return f"resident {str(self.pk)[:8]}"

    @property
    def audit_subject_id(self) -> uuid.UUID:
        """Audit entries about this record concern this person."""
        return self.pk

    @property
    def is_alive(self) -> bool:
        return self.status == ResidentStatus.ALIVE
