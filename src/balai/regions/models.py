# SPDX-License-Identifier: EUPL-1.2
"""Administrative regions of Indonesia (Kemendagri codes), province to village."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """One province, regency/city, district or village, keyed by its dotted code."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("province")
        REGENCY = 2, _("regency/city")
        DISTRICT = 3, _("district")
        VILLAGE = 4, _("village")

    class Kind(models.TextChoices):
        PROVINSI = "provinsi", _("province")
        KABUPATEN = "kabupaten", _("regency")
        KOTA = "kota", _("city")
        KECAMATAN = "kecamatan", _("district (kecamatan)")
        DISTRIK = "distrik", _("district (distrik)")
        KELURAHAN = "kelurahan", _("urban village (kelurahan)")
        DESA = "desa", _("village (desa)")
        DESA_ADAT = "desa_adat", _("customary village (desa adat)")

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    search_name = models.CharField(_("normalised name"), max_length=120, db_index=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
    )
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "search_name"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def compact_code(self) -> str:
        """The undotted form used inside NIK and KK numbers (``3174071001``)."""
        return self.code.replace(".", "")


class RetiredRegionCode(models.Model):
    """A code from an earlier edition, mapped to the code now used for the same area."""

    old_code = models.CharField(_("retired code"), max_length=13, primary_key=True)
    old_name = models.CharField(_("name under the retired code"), max_length=120)
    new_region = models.ForeignKey(
        Region,
        verbose_name=_("current region"),
        on_delete=models.PROTECT,
        related_name="retired_codes",
    )
    last_edition = models.CharField(_("last edition with this code"), max_length=60)

    class Meta:
        verbose_name = _("retired region code")
        verbose_name_plural = _("retired region codes")
        ordering = ["old_code"]

    def __str__(self) -> str:
        return f"{self.old_code} → {self.new_region_id}"
