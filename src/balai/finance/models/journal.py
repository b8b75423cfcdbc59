# SPDX-License-Identifier: EUPL-1.2
"""The double-entry journal, its periods and source documents, and the rollups."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel
from balai.finance.constants import Dimension, DocumentKind, EntryKind
from balai.finance.models.budget import BudgetItem
from balai.finance.models.codes import Account


class FiscalPeriod(models.Model):
    """A month of a fiscal year; once closed, nothing more is posted into it."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    month = models.PositiveSmallIntegerField(_("month"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("fiscal period")
        verbose_name_plural = _("fiscal periods")
        ordering = ["fiscal_year", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "month"], name="finance_period_once"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12),
                name="finance_period_month_1_12",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:02d}/{self.fiscal_year}"


class SourceDocument(BaseModel):
    """The paper (or message) an entry rests on: an SP2D, an STS, a settlement."""

    kind = models.CharField(_("kind"), max_length=12, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=80)
    date = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "number"], name="finance_document_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class JournalEntry(BaseModel):
    """One balanced posting. Never edited or deleted: a mistake is reversed."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=12, choices=EntryKind.choices)
    description = models.CharField(_("description"), max_length=300)
    document = models.ForeignKey(
        SourceDocument,
        verbose_name=_("source document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
    )
    settlement_reference = models.CharField(
        _("settlement reference"), max_length=80, null=True, blank=True, unique=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["date", "created_at"]
        indexes = [
            # newest first in a year (a line's entries on the dashboard): the index
            # gives the page's order, so a LIMIT stops after the page's rows
            models.Index(
                fields=["fiscal_year", "date", "created_at"],
                name="finance_entry_date_created",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.description}"


class JournalLine(models.Model):
    """One side of an entry: a debit or a credit on an account (and budget item)."""

    entry = models.ForeignKey(
        JournalEntry,
        verbose_name=_("entry"),
        on_delete=models.PROTECT,
        related_name="lines",
    )
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(
        BudgetItem,
        verbose_name=_("budget item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="journal_lines",
    )
    # the entry's year and month, kept on the line for the ledger's own queries
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    month = models.PositiveSmallIntegerField(_("month"))
    debit = models.DecimalField(_("debit"), max_digits=18, decimal_places=0, default=0)
    credit = models.DecimalField(
        _("credit"), max_digits=18, decimal_places=0, default=0
    )

    class Meta:
        verbose_name = _("journal line")
        verbose_name_plural = _("journal lines")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(debit__gt=0, credit=0) | models.Q(debit=0, credit__gt=0)
                ),
                name="finance_line_one_side",
            )
        ]
        indexes = [
            # a line's entries of a year: found and counted in this index alone
            models.Index(
                fields=["item", "fiscal_year", "entry"], name="finance_line_item_entry"
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_id} D{self.debit} K{self.credit}"


class RollupCell(models.Model):
    """Realisation of one (dimension, key) in one month, kept as entries post.

    ``amount`` is realisation in the account's own direction: credits minus debits on
    revenue and financing receipts, debits minus credits on spending and financing
    disbursements. Keys: the item id; an account code (any level); and for agency,
    activity (any level), fund and location ``<code>|<akun>`` so revenue and spending
    never mix.

    ``entries`` counts, on the item cells only (0 elsewhere), the entries with a
    line of the item posted in that month, reversals included (a reversal is an
    entry of its own): a line's entries in a year are the sum of its 12 cells.
    """

    dimension = models.CharField(
        _("dimension"), max_length=10, choices=Dimension.choices
    )
    key = models.CharField(_("key"), max_length=80)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    month = models.PositiveSmallIntegerField(_("month"))
    amount = models.DecimalField(_("amount"), max_digits=20, decimal_places=0)
    entries = models.PositiveIntegerField(_("entries"), default=0)

    class Meta:
        verbose_name = _("rollup cell")
        verbose_name_plural = _("rollup cells")
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "key", "fiscal_year", "month"],
                name="finance_rollup_cell",
            )
        ]
        # the reads: a dimension's cells of a year in key order (a breakdown) or
        # one key's months (a line's realisation), index-only with the amount
        indexes = [
            models.Index(
                fields=["dimension", "fiscal_year", "key", "month", "amount"],
                name="finance_rollup_read",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension}:{self.key} {self.month:02d}/{self.fiscal_year}"


class RevenueRoute(BaseModel):
    """Where settled payments of one payable kind (``PBB-...``) are booked."""

    kind = models.CharField(_("payable kind"), max_length=10, unique=True)
    item = models.ForeignKey(
        BudgetItem,
        verbose_name=_("budget item"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("revenue route")
        verbose_name_plural = _("revenue routes")

    def __str__(self) -> str:
        return self.kind
