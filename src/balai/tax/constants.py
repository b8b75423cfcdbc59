# SPDX-License-Identifier: EUPL-1.2
"""Choices and error codes of the tax app."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

PAYABLE_KIND = "PBB"


class TaxpayerKind(models.TextChoices):
    PERSON = "person", _("Person (NIK)")
    COMPANY = "company", _("Company (NIB)")


class BillStatus(models.TextChoices):
    UNPAID = "unpaid", _("Unpaid")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")


class ObjectionStatus(models.TextChoices):
    FILED = "filed", _("Filed")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class ErrorCode(StrEnum):
    INVALID_NOP = "invalid_nop"
    INVALID_YEAR = "invalid_year"
    INVALID_AREA = "invalid_area"
    INVALID_VALUE = "invalid_value"
    INVALID_TAXPAYER = "invalid_taxpayer"
    DUPLICATE_NOP = "duplicate_nop"
    BILL_NOT_FOUND = "bill_not_found"
    BILL_PAID = "bill_paid"
    NOT_YOUR_BILL = "not_your_bill"
    INVALID_RULES = "invalid_rules"
    INVALID_REASON = "invalid_reason"
    OBJECTION_OPEN = "objection_open"
    OBJECTION_DECIDED = "objection_decided"
