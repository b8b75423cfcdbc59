# SPDX-License-Identifier: EUPL-1.2
"""An application (permohonan) of a citizen for one service of the catalog."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from balai.cases.constants import FINAL_STATUSES, Status
from balai.cases.models.fields import EncryptedJSONField
from balai.core.models import BaseModel
from balai.security.crypto.fields import EncryptedTextField

# answer keys naming whom or what an application is about, most specific first


class ApplicationCounter(models.Model):
    """The last application number given out in a year (one row per year).

    Numbers are taken with an ``UPDATE ... SET last = last + 1``: the row lock makes
    concurrent submissions wait for each other on PostgreSQL and SQLite alike.
    """

    year = models.PositiveIntegerField(_("year"), primary_key=True)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("application counter")
        verbose_name_plural = _("application counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Application(BaseModel):
    """One citizen's application; every status change goes through ``states``."""

    number = models.CharField(
        _("application number"), max_length=20, unique=True, null=True, blank=True
    )
    service_slug = models.SlugField(_("service"), max_length=80)
    # the names at the time of applying, so lists need no catalog lookups
    service_name_id = models.CharField(_("service name (Indonesian)"), max_length=200)
    service_name_en = models.CharField(_("service name (English)"), max_length=200)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("responsible agency"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    answers = EncryptedJSONField(_("answers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned officer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_applications",
    )
    fee_amount = models.DecimalField(
        _("fee"), max_digits=14, decimal_places=0, default=Decimal(0)
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    sla_due = models.DateField(_("service time ends"), null=True, blank=True)
    paused_at = models.DateTimeField(_("clock paused at"), null=True, blank=True)
    sla_alert = models.CharField(
        _("service time alert sent"), max_length=10, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    decision_reason = EncryptedTextField(_("reason of the decision"), blank=True)
    # values the register returned on approval (e.g. the child's new NIK)
    register_values = EncryptedJSONField(_("register result"), default=dict, blank=True)
    issued_document_id = models.UUIDField(_("issued document"), null=True, blank=True)
    create_key = models.CharField(_("idempotency key"), max_length=64, blank=True)
    submit_key = models.CharField(_("submission key"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "create_key"],
                condition=~Q(create_key=""),
                name="cases_application_unique_create_key",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status"], name="cases_app_agency_status"),
            models.Index(fields=["status", "sla_due"], name="cases_app_status_due"),
            models.Index(fields=["applicant", "-created_at"], name="cases_app_mine"),
        ]

    def __str__(self) -> str:
        return self.number or f"draft {str(self.pk)[:8]}"

    @property
    def audit_subject_id(self) -> uuid.UUID:
        """Audit entries about an application concern its applicant."""
        return self.applicant_id

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def reference(self) -> str:
        """What the citizen quotes: the number; a draft, which has none yet, is
        named by what it is about ("Draf: Putri Ayu Lestari")."""
        if self.number:
            return self.number
        about = self.about
        return f"{_('Draft')}: {about}" if about else str(_("Draft"))

    @property
    def about(self) -> str:
        """Whom or what the application is about (the child, the deceased, the
        spouses, the business): its answers to the service's ``subject`` fields in
        the catalog, or "" when the service names none."""
        from balai.cases.catalog_access import service_get
        from balai.core.errors import BalaiError

        try:
            subject = service_get(self.service_slug).subject
        except BalaiError:
            return ""
        answers = self.answers if isinstance(self.answers, dict) else {}
        values = (answers.get(name) for name in subject)
        return " & ".join(v.strip() for v in values if isinstance(v, str) and v.strip())

    def service_name(self, language: str | None = None) -> str:
        from django.utils.translation import get_language

        code = (language or get_language() or "id").split("-")[0]
        return self.service_name_en if code == "en" else self.service_name_id
