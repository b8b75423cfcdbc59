# SPDX-License-Identifier: EUPL-1.2
"""The fee of an application, as a payable the payments capability settles."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from balai.cases.constants import PayableStatus
from balai.core.models import BaseModel


class ApplicationPayable(BaseModel):
    """``reference`` starts with the payable kind ``PMH`` (balai.core.payables)."""

    application = models.OneToOneField(
        "cases.Application",
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="payable",
    )
    reference = models.CharField(_("payment reference"), max_length=40, unique=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=0)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PayableStatus.choices,
        default=PayableStatus.PENDING,
    )
    paid_amount = models.DecimalField(
        _("amount paid"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    settled_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    class Meta:
        verbose_name = _("application fee")
        verbose_name_plural = _("application fees")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="cases_payable_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return self.reference
