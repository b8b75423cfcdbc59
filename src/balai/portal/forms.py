# SPDX-License-Identifier: EUPL-1.2
"""Forms of the portal pages: they check shape only; rules live in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.accounts.constants import CorrectionItem


class CorrectionRequestForm(forms.Form):
    """A citizen's request to correct their data (UU 27/2022 Art. 6)."""

    item = forms.ChoiceField(
        label=_("Which data is wrong?"),
        choices=CorrectionItem.choices,
        widget=forms.RadioSelect,
    )
    requested_value = forms.CharField(
        label=_("What is the correct value?"),
        max_length=500,
        help_text=_("Write it as on your KTP or KK; a date as DD-MM-YYYY."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Anything that helps the officer, e.g. where the error came from."),
    )
    document = forms.FileField(
        label=_("Supporting document"),
        required=False,
        help_text=_(
            "A PDF, JPG or PNG of at most 5 MB, such as your KTP, KK or birth "
            "certificate. Only the officers handling your request can open it."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
            }
        ),
    )
