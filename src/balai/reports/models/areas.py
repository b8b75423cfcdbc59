# SPDX-License-Identifier: EUPL-1.2
"""Areas (GeoJSON polygons uploaded by an admin), routing rules and field teams."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel


class Area(BaseModel):
    """A (multi)polygon in GeoJSON (WGS84) with its bounding box for prefilters."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    region_code = models.CharField(
        _("region code"),
        max_length=13,
        blank=True,
        help_text=_("Kemendagri code of the district or village this area covers."),
    )
    geojson = models.TextField(
        _("GeoJSON"),
        help_text=_("A Polygon, MultiPolygon, Feature or FeatureCollection (WGS84)."),
    )
    min_lat = models.FloatField(_("south"), editable=False, default=0)
    max_lat = models.FloatField(_("north"), editable=False, default=0)
    min_lon = models.FloatField(_("west"), editable=False, default=0)
    max_lon = models.FloatField(_("east"), editable=False, default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from balai.reports.geo import parse_area_geojson

        try:
            shape = parse_area_geojson(self.geojson)
        except ValueError as exc:
            raise ValidationError({"geojson": str(exc)}) from exc
        self.min_lon, self.min_lat, self.max_lon, self.max_lat = shape.bounds


class RoutingRule(BaseModel):
    """Category (or every category) + area (or region-code prefix) → agency.

    Rules are tried by ``order`` (lowest first); the first that matches wins. A rule
    with neither area nor prefix matches anywhere.
    """

    category = models.ForeignKey(
        "reports.Category",
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="routing_rules",
        help_text=_("Empty: every category."),
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="routing_rules",
    )
    region_prefix = models.CharField(
        _("region code prefix"),
        max_length=13,
        blank=True,
        help_text=_("Used when the report has no point in an area, e.g. 32.73.02"),
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="report_routing_rules",
    )
    order = models.PositiveIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["order", "created_at"]

    def __str__(self) -> str:
        where = self.area or self.region_prefix or "*"
        return f"{self.category or '*'} @ {where} → {self.agency}"


class FieldTeam(BaseModel):
    """A crew of an agency that goes out to fix things (regu lapangan)."""

    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="report_field_teams",
    )
    name = models.CharField(_("name"), max_length=120)
    members = models.ManyToManyField(
        "accounts.User",
        verbose_name=_("members"),
        blank=True,
        related_name="report_field_teams",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("field team")
        verbose_name_plural = _("field teams")
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "name"], name="reports_fieldteam_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name
