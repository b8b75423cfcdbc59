# SPDX-License-Identifier: EUPL-1.2
"""Data-sharing agreements with other agencies and the API clients bound to them.

An agreement states which agency receives what (a list of fields from a fixed
vocabulary), for which purpose and on which legal basis, and for how long. An API
client is one system of that agency; its secret is kept only as a SHA-256 digest.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel
from balai.registry.exchange.constants import (
    DEFAULT_RATE_LIMIT,
    LawfulBasis,
    ReleasableField,
)
from balai.security.models import ActorKind

PURPOSE_CODE = re.compile(r"^[a-z][a-z0-9_]{1,63}$")
# the releasable fields in vocabulary order (the enum builds this list on every call)
_VOCABULARY: tuple[str, ...] = tuple(ReleasableField.values)


def validate_allowed_fields(value: Any) -> None:
    """A list of distinct names from the releasable-field vocabulary."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Give a list of field names."), code="invalid")
    unknown = sorted(set(value) - set(ReleasableField.values))
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(fields)s."),
            code="invalid",
            params={"fields": ", ".join(unknown)},
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("A field is listed twice."), code="invalid")


class DataSharingAgreement(BaseModel):
    """What one agency may receive from the register, why, and for how long."""

    consumer = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("receiving agency"),
        on_delete=models.PROTECT,
        related_name="data_sharing_agreements",
    )
    title = models.CharField(_("title"), max_length=200)
    legal_basis = models.TextField(
        _("legal basis"),
        help_text=_("The regulation or agreement that allows this data sharing."),
    )
    lawful_basis = models.CharField(
        _("lawful basis"),
        max_length=20,
        choices=LawfulBasis.choices,
        default=LawfulBasis.PUBLIC_TASK,
        help_text=_(
            "UU 27/2022 Pasal 20. With consent, data are released only for people "
            "who gave their consent in Data Saya and have not withdrawn it."
        ),
    )
    purpose_code = models.CharField(
        _("purpose code"),
        max_length=64,
        validators=[
            RegexValidator(
                PURPOSE_CODE,
                _("Lower-case letters, digits and underscores; a letter first."),
            )
        ],
        help_text=_(
            "Sent by the client in the X-Purpose header, for example "
            "health_insurance_enrolment."
        ),
    )
    purpose_description = models.TextField(
        _("purpose"),
        help_text=_("Shown to citizens in their access list."),
    )
    allowed_fields = models.JSONField(
        _("allowed fields"),
        default=list,
        blank=True,
        validators=[validate_allowed_fields],
        help_text=_("Resident fields the agency may receive."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("data-sharing agreement")
        verbose_name_plural = _("data-sharing agreements")
        ordering = ["-valid_from", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="registry_agreement_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_current(self, on: dt.date | None = None) -> bool:
        """Active, and ``on`` (today in the site's time zone) within the period."""
        day = on or timezone.localdate()
        if not self.is_active or day < self.valid_from:
            return False
        return self.valid_to is None or day <= self.valid_to

    @property
    def released_fields(self) -> list[str]:
        """The allowed fields in vocabulary order (stable output)."""
        allowed = set(self.allowed_fields or [])
        return [name for name in _VOCABULARY if name in allowed]


class ApiClient(BaseModel):
    """One system of an agency calling the exchange API under one agreement.

    Doubles as the audit actor of its calls: ``audit_actor_kind``, ``agency_id`` and
    ``role_names`` are what the audit service reads from an actor.
    """

    audit_actor_kind = ActorKind.API_CLIENT
    role_names: frozenset[str] = frozenset()
    is_authenticated = True

    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="registry_api_clients",
    )
    name = models.CharField(_("name"), max_length=80)
    agreement = models.ForeignKey(
        DataSharingAgreement,
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="clients",
    )
    client_id = models.CharField(_("client id"), max_length=40, unique=True)
    secret_digest = models.CharField(
        _("secret digest"),
        max_length=64,
        help_text=_("SHA-256 of the secret; the secret itself is never stored."),
    )
    rate_limit = models.PositiveIntegerField(
        _("rate limit (requests per minute)"),
        default=DEFAULT_RATE_LIMIT,
        validators=[MinValueValidator(1)],
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("register API client")
        verbose_name_plural = _("register API clients")
        ordering = ["agency", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.client_id})"

    def clean(self) -> None:
        if (
            self.agency_id
            and self.agreement_id
            and self.agreement.consumer_id != self.agency_id
        ):
            raise ValidationError(
                {"agreement": _("The agreement belongs to another agency.")}
            )

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def audit_role(self) -> str:
        """The role recorded in audit entries (the citizen sees it in Data Saya)."""
        return f"api_client:{self.name}"


class ExchangeConsent(BaseModel):
    """A person's consent to releases under one consent-based agreement.

    Given and withdrawn by the person in Data Saya; a withdrawn consent stays as
    history (``withdrawn_at``) and a new row records a renewed one.
    """

    agreement = models.ForeignKey(
        DataSharingAgreement,
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="consents",
    )
    resident = models.ForeignKey(
        "registry.Resident",
        verbose_name=_("resident"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    given_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("given by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "resident"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="registry_one_active_consent",
            )
        ]

    def __str__(self) -> str:
        return f"consent {str(self.pk)[:8]}"

    @property
    def audit_subject_id(self) -> Any:
        return self.resident_id
