# SPDX-License-Identifier: EUPL-1.2
"""Budget items (the stable key of a line), versions and their lines."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel
from balai.finance.constants import VersionKind, VersionStatus
from balai.finance.models.codes import Account, Activity, FundingSource, Location


class BudgetItem(BaseModel):
    """What a budget line is about, across versions and years.

    agency + sub kegiatan + account + funding source + location: the line key of the
    spec without year and version, so realisation follows the line through every
    pergeseran and perubahan.
    """

    agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sub_activity = models.ForeignKey(
        Activity, verbose_name=_("sub-activity"), on_delete=models.PROTECT
    )
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT
    )
    fund = models.ForeignKey(
        FundingSource, verbose_name=_("funding source"), on_delete=models.PROTECT
    )
    location = models.ForeignKey(
        Location, verbose_name=_("location"), on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("budget item")
        verbose_name_plural = _("budget items")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "sub_activity", "account", "fund", "location"],
                name="finance_budgetitem_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.sub_activity.code} {self.account.code}"


class BudgetVersion(BaseModel):
    """One budget of a fiscal year: the murni, a pergeseran or the perubahan."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=12, choices=VersionKind.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=VersionStatus.choices,
        default=VersionStatus.DRAFT,
    )
    title = models.CharField(_("title"), max_length=200)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("budget version")
        verbose_name_plural = _("budget versions")
        ordering = ["fiscal_year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "number"], name="finance_version_number"
            ),
            models.UniqueConstraint(
                fields=["fiscal_year"],
                condition=models.Q(kind=VersionKind.MURNI),
                name="finance_version_one_murni",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year} #{self.number} {self.title}"

    @property
    def is_approved(self) -> bool:
        return self.status == VersionStatus.APPROVED


class BudgetLine(BaseModel):
    """The ceiling of one item in one version (whole rupiah)."""

    version = models.ForeignKey(
        BudgetVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="lines",
    )
    item = models.ForeignKey(
        BudgetItem,
        verbose_name=_("budget item"),
        on_delete=models.PROTECT,
        related_name="lines",
    )
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=0)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "item"], name="finance_line_once_per_version"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="finance_line_amount_positive"
            ),
        ]


class CashPlanLine(BaseModel):
    """The cash plan (anggaran kas): how much of an item's budget is planned to be
    paid out (spending) or received (revenue) in a month of a fiscal year."""

    item = models.ForeignKey(
        BudgetItem,
        verbose_name=_("budget item"),
        on_delete=models.PROTECT,
        related_name="cash_plan",
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    month = models.PositiveSmallIntegerField(_("month"))
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=0)

    class Meta:
        verbose_name = _("cash plan line")
        verbose_name_plural = _("cash plan lines")
        ordering = ["fiscal_year", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "fiscal_year", "month"], name="finance_cashplan_month"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12),
                name="finance_cashplan_month_range",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="finance_cashplan_amount"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.fiscal_year}-{self.month:02d}"
