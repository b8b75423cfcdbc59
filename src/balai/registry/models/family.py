# SPDX-License-Identifier: EUPL-1.2
"""Families (one family card, KK) and who belongs to them, over time.

A KK number identifies a household record, not a person, and is not lifelong (spec
§1.2): a family whose head leaves gets a new card with a new number. Membership is a
time-bounded fact (``valid_from``/``valid_to``, the times the register recorded it);
a person has at most one open membership, which a partial unique constraint enforces.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel
from balai.registry.constants import Relationship
from balai.security.crypto.fields import (
    BlindIndexField,
    EncryptedCharField,
    EncryptedTextField,
)
from balai.security.crypto.mixins import BlindIndexMixin


class Family(BlindIndexMixin, BaseModel):
    """One family card: its number, head and address; ``closed_at`` once replaced."""

    kk_number = EncryptedCharField(_("family card number"), max_length=16)
    kk_index = BlindIndexField(
        "kk_number",
        "digits",
        verbose_name=_("family card number index"),
        unique=True,
        null=True,
    )
    head = models.ForeignKey(
        "registry.Resident",
        verbose_name=_("head of family"),
        on_delete=models.PROTECT,
        related_name="families_headed",
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
    issued_on = models.DateField(_("issued on"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("family")
        verbose_name_plural = _("families")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"family {str(self.pk)[:8]}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class FamilyMembership(BaseModel):
    """A resident on a family card with their relationship to the head, for a time."""

    family = models.ForeignKey(
        Family,
        verbose_name=_("family"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    resident = models.ForeignKey(
        "registry.Resident",
        verbose_name=_("resident"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    relationship = models.CharField(
        _("relationship to the head"), max_length=16, choices=Relationship.choices
    )
    valid_from = models.DateTimeField(_("valid from"))
    valid_to = models.DateTimeField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("family membership")
        verbose_name_plural = _("family memberships")
        ordering = ["valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident"],
                condition=Q(valid_to__isnull=True),
                name="registry_one_open_membership",
                violation_error_message=_(
                    "A person is on exactly one family card at a time."
                ),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="registry_membership_period",
            ),
        ]
        indexes = [models.Index(fields=["family", "valid_to"])]

    def __str__(self) -> str:
        return f"membership {str(self.pk)[:8]} ({self.relationship})"

    @property
    def is_current(self) -> bool:
        return self.valid_to is None
