# SPDX-License-Identifier: EUPL-1.2
"""Absorption alerts: one per line, kind and year, so a daily run tells once."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel
from balai.finance.models.budget import BudgetItem


class AlertKind(models.TextChoices):
    NO_REALISATION = "no_realisation", _("no realisation by the third quarter")
    OVER_CEILING = "over_ceiling", _("realisation above the ceiling")
    DECEMBER_SPIKE = "december_spike", _("December spike")
    SHIFTED = "shifted", _("line shifted repeatedly")


class AbsorptionAlert(BaseModel):
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    item = models.ForeignKey(
        BudgetItem, verbose_name=_("budget item"), on_delete=models.PROTECT
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AlertKind.choices)
    raised_on = models.DateField(_("raised on"))

    class Meta:
        verbose_name = _("absorption alert")
        verbose_name_plural = _("absorption alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "item", "kind"], name="finance_alert_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.kind}"
