# SPDX-License-Identifier: EUPL-1.2
"""Aggregate counts of residents, the only table the public statistics read.

One row per snapshot date, village, sex, five-year age band and status; the region
codes above the village are stored alongside so that any level sums with one indexed
GROUP BY. No row holds anything about a single person beyond being one of ``count``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.registry.constants import ResidentStatus, Sex


class PopulationCell(models.Model):
    """How many residents of a village had a sex, age band and status on a date."""

    snapshot = models.DateField(_("snapshot date"))
    province_code = models.CharField(_("province code"), max_length=2, blank=True)
    regency_code = models.CharField(_("regency code"), max_length=5, blank=True)
    district_code = models.CharField(_("district code"), max_length=8, blank=True)
    village_code = models.CharField(_("village code"), max_length=13, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    age_band = models.PositiveSmallIntegerField(_("age band (lowest age)"))
    status = models.CharField(
        _("status"), max_length=12, choices=ResidentStatus.choices
    )
    count = models.PositiveIntegerField(_("number of residents"))

    class Meta:
        verbose_name = _("population cell")
        verbose_name_plural = _("population cells")
        ordering = ["snapshot", "village_code", "sex", "age_band", "status"]
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "village_code", "sex", "age_band", "status"],
                name="registry_population_cell_once",
            )
        ]
        indexes = [
            models.Index(
                fields=["snapshot", "status", "province_code"],
                name="registry_popcell_province",
            ),
            models.Index(
                fields=["snapshot", "status", "regency_code"],
                name="registry_popcell_regency",
            ),
            models.Index(
                fields=["snapshot", "status", "district_code"],
                name="registry_popcell_district",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.snapshot} {self.village_code or '-'} {self.sex} {self.age_band}"
