# SPDX-License-Identifier: EUPL-1.2
"""Choices and error codes of the tax app."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

PAYABLE_KIND = "PBB"
PKB_PAYABLE_KIND = "PKB"
# the finance seeds route this kind's settlements to the BPHTB revenue account
BPHTB_PAYABLE_KIND = "BPHTB"


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


class VehicleKind(models.TextChoices):
    MOTORCYCLE = "motorcycle", _("Motorcycle")
    CAR = "car", _("Passenger car")
    PICKUP = "pickup", _("Pick-up or van")
    BUS = "bus", _("Bus")
    TRUCK = "truck", _("Truck")


class AcquisitionKind(models.TextChoices):
    """How a right over land or building is acquired (spec §4, "Object")."""

    SALE = "sale", _("Sale (jual beli)")
    EXCHANGE = "exchange", _("Exchange (tukar menukar)")
    GRANT = "grant", _("Grant (hibah)")
    INHERITANCE = "inheritance", _("Inheritance (waris)")
    WILL = "will", _("Grant by will (hibah wasiat)")
    AUCTION = "auction", _("Auction (lelang)")
    OTHER = "other", _("Other acquisition")


# acquisitions by a direct-line family member that get the higher NPOPTKP
FAMILY_ACQUISITIONS = frozenset({AcquisitionKind.INHERITANCE, AcquisitionKind.WILL})


class ReturnStatus(models.TextChoices):
    FILED = "filed", _("Filed, awaiting payment")
    PAID = "paid", _("Paid, awaiting verification")
    VERIFIED = "verified", _("Verified")
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
    UNKNOWN_NOP = "unknown_nop"
    INVALID_PRICE = "invalid_price"
    INVALID_KIND = "invalid_kind"
    NOT_IN_REGISTER = "not_in_register"
    RETURN_NOT_FOUND = "return_not_found"
    RETURN_NOT_PAID = "return_not_paid"
    RETURN_DECIDED = "return_decided"
    INVALID_REGISTRATION = "invalid_registration"
    DUPLICATE_VEHICLE = "duplicate_vehicle"
