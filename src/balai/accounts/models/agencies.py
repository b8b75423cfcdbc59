# SPDX-License-Identifier: EUPL-1.2
"""Government units and their agencies (OPD)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.accounts.constants import (
    AgencyKind,
    UnitLevel,
)
from balai.core.models import BaseModel


class GovernmentUnit(BaseModel):
    """A government that runs Balai: a regency, a city, a province or a ministry."""

    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=12, choices=UnitLevel.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("government unit")
        verbose_name_plural = _("government units")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agency(BaseModel):
    """An agency (OPD) of a government unit; agencies nest (a UPT under a dinas)."""

    unit = models.ForeignKey(
        GovernmentUnit,
        verbose_name=_("government unit"),
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40)
    kind = models.CharField(
        _("kind"), max_length=12, choices=AgencyKind.choices, default=AgencyKind.DINAS
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name
