# SPDX-License-Identifier: EUPL-1.2
"""Forms of the payments pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SimulatorPayForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Pay with"),
        choices=[("va", _("Virtual account")), ("qris", _("QRIS"))],
        widget=forms.RadioSelect,
        initial="va",
    )
    amount = forms.CharField(
        label=_("Amount to pay (Rp)"),
        max_length=20,
        help_text=_("The bank takes only the exact amount due."),
    )


class RefundRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class SettlementFileForm(forms.Form):
    file = forms.FileField(
        label=_("Settlement file (CSV)"),
        help_text=_("Columns: transaction_id, order_id, amount, settled_at."),
    )
