# SPDX-License-Identifier: EUPL-1.2
"""PBB-P2 tax objects, annual bills (SPPT) and assessment runs; vehicles and their
annual PKB bills (province's PKB and the regency's opsen as two lines); BPHTB
returns (SSPD) on the transfer of a PBB-P2 object.

The taxpayer's NIK and name are personal and tax-confidential (UU 1/2022): stored as
ciphertext, the NIK with a blind index for the citizen's own "Pajak Saya" lookup.
A bill's ``reference`` (``PBB-<year>-<NOP>``) is its payable reference.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.core.models import BaseModel
from balai.security.crypto.fields import (
    BlindIndexField,
    EncryptedCharField,
    EncryptedTextField,
)
from balai.security.crypto.mixins import BlindIndexMixin
from balai.tax.constants import (
    AcquisitionKind,
    BillStatus,
    ObjectionStatus,
    ReturnStatus,
    RunStatus,
    TaxpayerKind,
    VehicleKind,
)


class TaxObject(BlindIndexMixin, BaseModel):
    nop = models.CharField(_("NOP"), max_length=18, unique=True)
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    address = models.CharField(_("object address"), max_length=200)
    land_area = models.PositiveIntegerField(_("land area (m²)"))
    land_value_m2 = models.DecimalField(
        _("land NJOP per m²"), max_digits=14, decimal_places=0
    )
    building_area = models.PositiveIntegerField(_("building area (m²)"), default=0)
    building_value_m2 = models.DecimalField(
        _("building NJOP per m²"), max_digits=14, decimal_places=0, default=0
    )
    njoptkp_applies = models.BooleanField(
        _("NJOPTKP deducted on this object"), default=True
    )
    taxpayer_kind = models.CharField(
        _("taxpayer kind"),
        max_length=10,
        choices=TaxpayerKind.choices,
        default=TaxpayerKind.PERSON,
    )
    taxpayer_nik = EncryptedCharField(_("taxpayer NIK"), max_length=16, blank=True)
    taxpayer_nik_index = BlindIndexField("taxpayer_nik", "digits")
    taxpayer_nib = models.CharField(_("taxpayer NIB"), max_length=13, blank=True)
    taxpayer_name = EncryptedCharField(_("taxpayer name"), max_length=200)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("PBB-P2 object")
        verbose_name_plural = _("PBB-P2 objects")
        ordering = ["nop"]

    def __str__(self) -> str:
        return self.nop


class AssessmentRun(BaseModel):
    year = models.PositiveSmallIntegerField(_("tax year"), unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    total = models.PositiveIntegerField(_("objects"), default=0)
    done = models.PositiveIntegerField(_("objects assessed"), default=0)
    created = models.PositiveIntegerField(_("bills made"), default=0)
    cursor = models.CharField(_("last NOP assessed"), max_length=18, blank=True)
    rules = models.TextField(_("rules used"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment run")
        verbose_name_plural = _("assessment runs")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(100 * self.done / self.total)


class TaxBill(BaseModel):
    """One SPPT: the PBB-P2 due for one object and year, with its computation."""

    tax_object = models.ForeignKey(
        TaxObject,
        verbose_name=_("object"),
        on_delete=models.PROTECT,
        related_name="bills",
    )
    year = models.PositiveSmallIntegerField(_("tax year"))
    reference = models.CharField(_("payment reference"), max_length=40, unique=True)
    principal = models.DecimalField(_("tax due"), max_digits=14, decimal_places=0)
    computation = models.JSONField(_("computation"))
    rules = models.TextField(_("rules used"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=BillStatus.choices,
        default=BillStatus.UNPAID,
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    paid_amount = models.DecimalField(
        _("amount paid"), max_digits=14, decimal_places=0, null=True, blank=True
    )

    class Meta:
        verbose_name = _("PBB-P2 bill (SPPT)")
        verbose_name_plural = _("PBB-P2 bills (SPPT)")
        ordering = ["-year", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["tax_object", "year"], name="tax_one_bill_per_object_year"
            ),
            models.CheckConstraint(
                condition=models.Q(principal__gte=0), name="tax_bill_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class Objection(BaseModel):
    """An objection (keberatan) to a bill's assessment and its decision; a bill's
    objections, oldest first, are its history."""

    bill = models.ForeignKey(
        TaxBill,
        verbose_name=_("bill"),
        on_delete=models.PROTECT,
        related_name="objections",
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # the citizen's own words may name people: ciphertext
    reason = EncryptedTextField(_("reason"))
    requested_principal = models.DecimalField(
        _("tax asked for"), max_digits=14, decimal_places=0
    )
    previous_principal = models.DecimalField(
        _("tax before"), max_digits=14, decimal_places=0
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ObjectionStatus.choices,
        default=ObjectionStatus.FILED,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_principal = models.DecimalField(
        _("tax decided"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    decision_note = models.CharField(_("decision note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["bill"],
                condition=models.Q(status="filed"),
                name="tax_one_open_objection_per_bill",
            )
        ]

    def __str__(self) -> str:
        return f"{self.bill_id} {self.status}"


def bill_reference(year: int, nop: str) -> str:
    return f"PBB-{year}-{nop}"


class Vehicle(BlindIndexMixin, BaseModel):
    """A motor vehicle of the provincial PKB roll, as the regency sees it (for the
    opsen): registration number, NJKB, weighting coefficient, owner by NIK, and the
    owner's ordinal of vehicles (1 = first) that picks the progressive rate."""

    registration = models.CharField(
        _("registration number"), max_length=12, unique=True
    )
    kind = models.CharField(_("kind"), max_length=12, choices=VehicleKind.choices)
    make_model = models.CharField(_("make and model"), max_length=100)
    year_made = models.PositiveSmallIntegerField(_("year made"))
    njkb = models.DecimalField(_("sale value (NJKB)"), max_digits=14, decimal_places=0)
    weight = models.DecimalField(
        _("weighting coefficient"), max_digits=5, decimal_places=3
    )
    owner_nik = EncryptedCharField(_("owner NIK"), max_length=16)
    owner_nik_index = BlindIndexField("owner_nik", "digits")
    owner_name = EncryptedCharField(_("owner name"), max_length=200)
    ownership_order = models.PositiveSmallIntegerField(
        _("owner's vehicle number"), default=1
    )
    registered_on = models.DateField(_("registered on (STNK)"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        ordering = ["registration"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ownership_order__gte=1),
                name="tax_vehicle_order_positive",
            )
        ]

    def __str__(self) -> str:
        return self.registration


class PkbBill(BaseModel):
    """One year's PKB of a vehicle: the province's PKB and the regency's opsen (66%
    of the PKB) as two lines; ``principal`` is their sum, the amount to pay."""

    vehicle = models.ForeignKey(
        Vehicle,
        verbose_name=_("vehicle"),
        on_delete=models.PROTECT,
        related_name="bills",
    )
    year = models.PositiveSmallIntegerField(_("tax year"))
    reference = models.CharField(_("payment reference"), max_length=40, unique=True)
    pkb = models.DecimalField(_("PKB (province)"), max_digits=14, decimal_places=0)
    opsen = models.DecimalField(
        _("opsen PKB (regency)"), max_digits=14, decimal_places=0
    )
    principal = models.DecimalField(_("total due"), max_digits=14, decimal_places=0)
    computation = models.JSONField(_("computation"))
    rules = models.TextField(_("rules used"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=BillStatus.choices,
        default=BillStatus.UNPAID,
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    paid_amount = models.DecimalField(
        _("amount paid"), max_digits=14, decimal_places=0, null=True, blank=True
    )

    class Meta:
        verbose_name = _("PKB bill")
        verbose_name_plural = _("PKB bills")
        ordering = ["-year", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["vehicle", "year"], name="tax_one_pkb_bill_per_vehicle_year"
            ),
            models.CheckConstraint(
                condition=models.Q(principal__gte=0), name="tax_pkb_bill_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class BphtbReturn(BlindIndexMixin, BaseModel):
    """A BPHTB return (SSPD-BPHTB): the buyer's self-assessed duty on acquiring a
    PBB-P2 object, paid through a payment order and verified by Bapenda."""

    reference = models.CharField(_("payment reference"), max_length=40, unique=True)
    tax_object = models.ForeignKey(
        TaxObject,
        verbose_name=_("object"),
        on_delete=models.PROTECT,
        related_name="bphtb_returns",
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    buyer_nik = EncryptedCharField(_("buyer NIK"), max_length=16)
    buyer_nik_index = BlindIndexField("buyer_nik", "digits")
    buyer_name = EncryptedCharField(_("buyer name"), max_length=200)
    acquisition = models.CharField(
        _("kind of acquisition"), max_length=12, choices=AcquisitionKind.choices
    )
    price = models.DecimalField(_("transaction price"), max_digits=16, decimal_places=0)
    njop = models.DecimalField(_("NJOP"), max_digits=16, decimal_places=0)
    npop = models.DecimalField(_("NPOP"), max_digits=16, decimal_places=0)
    npoptkp = models.DecimalField(_("NPOPTKP"), max_digits=16, decimal_places=0)
    principal = models.DecimalField(_("BPHTB due"), max_digits=14, decimal_places=0)
    computation = models.JSONField(_("computation"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReturnStatus.choices,
        default=ReturnStatus.FILED,
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    paid_amount = models.DecimalField(
        _("amount paid"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("BPHTB return")
        verbose_name_plural = _("BPHTB returns")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(principal__gte=0), name="tax_bphtb_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.reference
