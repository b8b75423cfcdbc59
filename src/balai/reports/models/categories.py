# SPDX-License-Identifier: EUPL-1.2
"""Report categories: each one is an Open311 service with its own definition.

The service definition's attributes are kept as a JSON list on the category (they
change together and are always read together); ``validate_attributes`` guards their
shape so the Open311 definition endpoint can emit them as they are.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel
from balai.core.sla import ServiceTime
from balai.reports.constants import LIST_DATATYPES, Datatype, Priority, ServiceType

SERVICE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
ATTRIBUTE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def validate_attributes(value: Any) -> None:
    """A list of Open311 attribute definitions with unique codes and orders."""
    if not isinstance(value, list):
        raise ValidationError(_("Give a list of attributes."), code="invalid")
    codes: set[str] = set()
    orders: set[int] = set()
    for item in value:
        if not isinstance(item, dict):
            raise ValidationError(_("Each attribute is an object."), code="invalid")
        code = str(item.get("code", ""))
        if not ATTRIBUTE_CODE.match(code) or code in codes:
            raise ValidationError(
                _("Attribute code %(code)s is missing, invalid or repeated."),
                code="invalid",
                params={"code": code},
            )
        codes.add(code)
        order = item.get("order")
        if not isinstance(order, int) or order < 1 or order in orders:
            raise ValidationError(
                _("Attribute %(code)s needs a unique positive order."),
                code="invalid",
                params={"code": code},
            )
        orders.add(order)
        if item.get("datatype") not in Datatype.values:
            raise ValidationError(
                _("Attribute %(code)s has an unknown datatype."),
                code="invalid",
                params={"code": code},
            )
        values = item.get("values") or []
        if item["datatype"] in LIST_DATATYPES and not values:
            raise ValidationError(
                _("List attribute %(code)s needs values."),
                code="invalid",
                params={"code": code},
            )
        if not all(isinstance(v, dict) and v.get("key") for v in values):
            raise ValidationError(
                _("Each value of %(code)s needs a key and a name."),
                code="invalid",
                params={"code": code},
            )


class Category(BaseModel):
    """What a report is about (jalan berlubang, PJU mati ...) = an Open311 service."""

    code = models.CharField(
        _("service code"),
        max_length=40,
        unique=True,
        validators=[RegexValidator(SERVICE_CODE)],
        help_text=_("The Open311 service_code: letters, digits, _ . -"),
    )
    name_id = models.CharField(_("name (Indonesian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    description_id = models.TextField(_("description (Indonesian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    group = models.CharField(_("group"), max_length=60, blank=True)
    keywords = models.CharField(
        _("keywords"), max_length=300, blank=True, help_text=_("Comma-separated.")
    )
    service_type = models.CharField(
        _("Open311 type"),
        max_length=10,
        choices=ServiceType.choices,
        default=ServiceType.REALTIME,
    )
    priority = models.CharField(
        _("default priority"),
        max_length=8,
        choices=Priority.choices,
        default=Priority.NORMAL,
    )
    # The service time (balai.core.sla): working days, or clock hours for matters
    # that cannot wait for office days (floods, fallen trees); exactly one is set.
    sla_working_days = models.PositiveIntegerField(
        _("SLA (working days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
    )
    sla_hours = models.PositiveIntegerField(
        _("SLA (hours)"),
        null=True,
        blank=True,
        default=72,
        validators=[MinValueValidator(1)],
        help_text=_("Only for categories that cannot wait for working days."),
    )
    service_notice = models.CharField(_("service notice"), max_length=300, blank=True)
    attributes = models.JSONField(
        _("attributes"),
        default=list,
        blank=True,
        validators=[validate_attributes],
        help_text=_("Open311 service definition attributes."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("report category")
        verbose_name_plural = _("report categories")
        ordering = ["group", "name_id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sla_working_days__isnull=False, sla_hours=None)
                | models.Q(sla_working_days=None, sla_hours__isnull=False),
                name="reports_category_one_service_time",
            )
        ]

    def __str__(self) -> str:
        return self.name_id

    def clean(self) -> None:
        if (self.sla_working_days is None) == (self.sla_hours is None):
            message = _("Give the service time in working days or in hours.")
            raise ValidationError({"sla_working_days": message, "sla_hours": message})

    @property
    def service_time(self) -> ServiceTime:
        return ServiceTime(
            working_days=self.sla_working_days or 0,
            hours=0 if self.sla_working_days else self.sla_hours or 0,
        )

    @property
    def name(self) -> str:
        """The name in the active language (Indonesian when English is missing)."""
        if (get_language() or "id").startswith("en") and self.name_en:
            return self.name_en
        return self.name_id

    @property
    def description(self) -> str:
        if (get_language() or "id").startswith("en") and self.description_en:
            return self.description_en
        return self.description_id

    @property
    def metadata(self) -> bool:
        """Open311: clients must fetch the definition when there are attributes."""
        return bool(self.attributes)

    def attribute_definitions(self) -> list[dict[str, Any]]:
        return sorted(self.attributes or [], key=lambda a: a.get("order", 0))
