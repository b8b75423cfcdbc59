# SPDX-License-Identifier: EUPL-1.2
"""Choices and error codes of the finance app."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityLevel(models.IntegerChoices):
    URUSAN = 1, _("affair group (urusan)")
    BIDANG = 2, _("sector (bidang urusan)")
    PROGRAM = 3, _("programme")
    KEGIATAN = 4, _("activity (kegiatan)")
    SUB_KEGIATAN = 5, _("sub-activity (sub kegiatan)")


class CodeKind(models.TextChoices):
    ACTIVITY = "activity", _("programme classification")
    ACCOUNT = "account", _("account")
    FUND = "fund", _("funding source")
    LOCATION = "location", _("location")
    ROUTE = "route", _("revenue route")


class VersionKind(models.TextChoices):
    MURNI = "murni", _("original budget (APBD murni)")
    PERGESERAN = "pergeseran", _("budget shift (pergeseran)")
    PERUBAHAN = "perubahan", _("amended budget (APBD perubahan)")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    APPROVED = "approved", _("approved")


class DocumentKind(models.TextChoices):
    SP2D = "sp2d", _("disbursement order (SP2D)")
    STS = "sts", _("deposit slip (STS)")
    SETTLEMENT = "settlement", _("payment settlement")
    MEMO = "memo", _("journal memo")


class EntryKind(models.TextChoices):
    SPENDING = "spending", _("spending")
    REVENUE = "revenue", _("revenue")
    FINANCING = "financing", _("financing")
    REVERSAL = "reversal", _("reversal")


class Dimension(models.TextChoices):
    """The axes a rollup cell is kept on (``key`` is the code on that axis)."""

    TOTAL = "total", _("total")
    ITEM = "item", _("budget line")
    AGENCY = "agency", _("agency")
    ACTIVITY = "activity", _("programme classification")
    ACCOUNT = "account", _("account")
    FUND = "fund", _("funding source")
    LOCATION = "location", _("location")


# the cash account every revenue and spending entry moves against (RKUD)
CASH_ACCOUNT = "1.1.01.01.01.0001"


class ErrorCode(StrEnum):
    INVALID_CODE = "invalid_code"
    UNKNOWN_CODE = "unknown_code"
    WRONG_LEVEL = "wrong_level"
    VERSION_APPROVED = "version_approved"
    VERSION_ORDER = "version_order"
    UNBALANCED_ENTRY = "unbalanced_entry"
    EMPTY_ENTRY = "empty_entry"
    PERIOD_CLOSED = "period_closed"
    OVER_BUDGET = "over_budget"
    NO_BUDGET = "no_budget"
    ALREADY_REVERSED = "already_reversed"
    NOT_REVERSIBLE = "not_reversible"
    INVALID_AMOUNT = "invalid_amount"
    PERIOD_ORDER = "period_order"


class ImportKind(models.TextChoices):
    BUDGET = "budget", _("budget lines")
    SP2D = "sp2d", _("SP2D realisation")
    CASH_PLAN = "cash_plan", _("cash plan")


class BatchStatus(models.TextChoices):
    RUNNING = "running", _("running")
    DONE = "done", _("done")
