# SPDX-License-Identifier: EUPL-1.2
"""A citizen's report, its photos and its timeline.

The location of the problem (coordinates, street address, landmark) is public: it is
what the city needs and what the public map shows. Who reported it is not: the
reporter link is never rendered on public pages or Open311, and contact details from
Open311 clients (name, e-mail, phone, device and account ids) are ciphertext.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel
from balai.core.sla import SlaState, sla_state
from balai.core.storage import private_storage
from balai.reports.constants import (
    MAX_DESCRIPTION,
    OPEN_STATUSES,
    CloseReason,
    Priority,
    ReportChannel,
    Status,
    UpdateKind,
)
from balai.security.crypto.fields import EncryptedCharField, EncryptedEmailField


class Report(BaseModel):
    """One issue at one place; the Open311 service request."""

    public_id = models.CharField(_("public id"), max_length=20, unique=True)
    category = models.ForeignKey(
        "reports.Category",
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    description = models.TextField(_("description"), max_length=MAX_DESCRIPTION)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    lat = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    lon = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    address = models.CharField(_("address or landmark"), max_length=300, blank=True)
    address_id = models.CharField(_("address id"), max_length=64, blank=True)
    zipcode = models.CharField(_("postal code"), max_length=10, blank=True)
    region_code = models.CharField(_("village code"), max_length=13, blank=True)
    reporter = models.ForeignKey(
        "accounts.User",
        verbose_name=_("reporter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports_made",
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    contact_email = EncryptedEmailField(_("e-mail"), max_length=254, blank=True)
    contact_phone = EncryptedCharField(_("phone"), max_length=32, blank=True)
    contact_first_name = EncryptedCharField(_("first name"), max_length=100, blank=True)
    contact_last_name = EncryptedCharField(_("last name"), max_length=100, blank=True)
    device_id = EncryptedCharField(_("device id"), max_length=200, blank=True)
    account_id = EncryptedCharField(_("account id"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    close_reason = models.CharField(
        _("close reason"), max_length=24, choices=CloseReason.choices, blank=True
    )
    status_notes = models.CharField(_("status notes"), max_length=500, blank=True)
    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        help_text=_("Empty: in the triage queue."),
    )
    team = models.ForeignKey(
        "reports.FieldTeam",
        verbose_name=_("field team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )
    assignee = models.ForeignKey(
        "accounts.User",
        verbose_name=_("assigned officer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports_assigned",
    )
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    overdue_alerted_at = models.DateTimeField(
        _("overdue alert sent at"), null=True, blank=True
    )
    client_token = models.UUIDField(
        _("client token"), null=True, blank=True, unique=True
    )
    channel = models.CharField(
        _("channel"),
        max_length=8,
        choices=ReportChannel.choices,
        default=ReportChannel.WEB,
    )
    api_client = models.ForeignKey(
        "reports.Open311Client",
        verbose_name=_("Open311 client"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    followers = models.ManyToManyField(
        "accounts.User",
        verbose_name=_("followers"),
        blank=True,
        related_name="reports_followed",
    )
    media_urls = models.JSONField(_("media URLs"), default=list, blank=True)
    is_hidden = models.BooleanField(
        _("hidden"),
        default=False,
        help_text=_("Hidden reports are kept from public pages and Open311."),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-requested_at", "-public_id"]
        indexes = [
            # Open311 lists: visible rows newest first (count and page from the index)
            # (partial indexes: the WHERE of public queries matches their condition)
            # (status, category and is_hidden trail the order: a deep page's first
            # row and the totals' edge counts are read from the index alone)
            models.Index(
                fields=[
                    "-requested_at",
                    "-public_id",
                    "status",
                    "category",
                    "is_hidden",
                ],
                name="rep_requested_cover",
                condition=models.Q(is_hidden=False),
            ),
            models.Index(
                fields=["updated_at"],
                name="rep_updated",
                condition=models.Q(is_hidden=False),
            ),
            models.Index(
                fields=["category", "status", "lat"], name="rep_cat_status_lat"
            ),
            # Open311 lists filtered by service_code and status, newest first
            models.Index(
                fields=["category", "status", "-requested_at"],
                name="rep_cat_status_requested",
                condition=models.Q(is_hidden=False),
            ),
            models.Index(fields=["agency", "status"], name="rep_agency_status"),
            # Open311 status=open, newest first, read in index order up to the page:
            # the condition is exactly the lists' filter (OPEN_STATUSES, in order).
            models.Index(
                fields=["-requested_at", "-public_id"],
                name="rep_open_requested",
                condition=models.Q(is_hidden=False, status__in=OPEN_STATUSES),
            ),
            models.Index(
                fields=["category", "-requested_at", "-public_id"],
                name="rep_open_cat_requested",
                condition=models.Q(is_hidden=False, status__in=OPEN_STATUSES),
            ),
            # status=closed, newest first (SQLite binds the status as a parameter,
            # so it cannot use partial indexes on the status: this one keys on it)
            models.Index(
                fields=[
                    "status",
                    "-requested_at",
                    "-public_id",
                    "category",
                    "is_hidden",
                ],
                name="rep_status_requested_cover",
                condition=models.Q(is_hidden=False),
            ),
            # service_code without a status filter, newest first
            models.Index(
                fields=[
                    "category",
                    "-requested_at",
                    "-public_id",
                    "status",
                    "is_hidden",
                ],
                name="rep_cat_requested_cover",
                condition=models.Q(is_hidden=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lat__isnull=True, lon__isnull=True)
                | models.Q(lat__isnull=False, lon__isnull=False),
                name="reports_report_lat_lon_together",
            )
        ]

    def __str__(self) -> str:
        return self.public_id

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def open311_status(self) -> str:
        return "open" if self.is_open else "closed"

    @property
    def is_overdue(self) -> bool:
        return bool(self.is_open and sla_state(self.due_at) == SlaState.OVERDUE)


def photo_path(instance: Photo, filename: str) -> str:
    return f"reports/photos/{instance.report_id}/{instance.pk}.jpg"


class Photo(BaseModel):
    """A photo re-encoded as JPEG without metadata; the upload itself is discarded."""

    report = models.ForeignKey(
        Report,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="photos",
    )
    file = models.FileField(_("file"), upload_to=photo_path, storage=private_storage)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size = models.PositiveIntegerField(_("size in bytes"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "created_at"]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.pk}"


class ReportUpdate(BaseModel):
    """One entry of a report's timeline: public ones are shown to everybody."""

    report = models.ForeignKey(
        Report,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=UpdateKind.choices)
    is_public = models.BooleanField(_("public"), default=True)
    author = models.ForeignKey(
        "accounts.User",
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("text"), blank=True)
    status_from = models.CharField(_("status before"), max_length=12, blank=True)
    status_to = models.CharField(_("status after"), max_length=12, blank=True)

    class Meta:
        verbose_name = _("report update")
        verbose_name_plural = _("report updates")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind}"

    @property
    def status_to_label(self) -> str:
        if self.status_to in Status.values:
            return str(Status(self.status_to).label)
        return self.status_to
