# SPDX-License-Identifier: EUPL-1.2
"""The classification trees a budget line hangs on (Permendagri 90/2019)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel
from balai.finance.constants import ActivityLevel, CodeKind


class Activity(BaseModel):
    """One node of urusan → bidang → program → kegiatan → sub kegiatan."""

    code = models.CharField(_("code"), max_length=24, unique=True)
    name = models.CharField(_("name"), max_length=300)
    level = models.PositiveSmallIntegerField(_("level"), choices=ActivityLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    class Meta:
        verbose_name = _("programme classification")
        verbose_name_plural = _("programme classifications")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Account(BaseModel):
    """One node of the account chart (kode rekening), levels 1 (akun) to 6."""

    code = models.CharField(_("code"), max_length=24, unique=True)
    name = models.CharField(_("name"), max_length=300)
    level = models.PositiveSmallIntegerField(_("level"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=6),
                name="finance_account_level_1_6",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def akun(self) -> str:
        return self.code.split(".", 1)[0]


class FundingSource(BaseModel):
    """Sumber dana: where the money for a line comes from (PAD, DAU, DAK, ...)."""

    code = models.CharField(_("code"), max_length=24, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Location(BaseModel):
    """Where a line's money is spent: the region or one of its districts."""

    code = models.CharField(_("code"), max_length=24, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class CodeChange(BaseModel):
    """The history of a code's name: one row per change, never edited."""

    kind = models.CharField(_("kind"), max_length=12, choices=CodeKind.choices)
    code = models.CharField(_("code"), max_length=24)
    old_name = models.CharField(_("old name"), max_length=300, blank=True)
    new_name = models.CharField(_("new name"), max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("code change")
        verbose_name_plural = _("code changes")
        ordering = ["kind", "code", "created_at"]
        indexes = [
            models.Index(fields=["kind", "code"], name="finance_codechange_code")
        ]
