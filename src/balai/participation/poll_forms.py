# SPDX-License-Identifier: EUPL-1.2
"""Forms of the poll pages (shape only; the rules live in the poll service)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.participation.models import Poll


class PollCreateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Poll.Kind.choices)
    max_choices = forms.IntegerField(
        label=_("Most options a voter may choose (multiple choice)"),
        min_value=1,
        max_value=50,
        initial=1,
    )
    options = forms.CharField(
        label=_("Options, one per line"), widget=forms.Textarea(attrs={"rows": 4})
    )
    opens_at = forms.DateTimeField(
        label=_("Opens at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    results_live = forms.BooleanField(
        label=_("Show results while open"), required=False
    )
    min_age = forms.IntegerField(
        label=_("Minimum age"), required=False, min_value=0, max_value=150
    )
    max_age = forms.IntegerField(
        label=_("Maximum age"), required=False, min_value=0, max_value=150
    )
    region_code = forms.CharField(
        label=_("Residence region code (empty: everyone)"),
        required=False,
        max_length=13,
    )
    breakdown = forms.TypedChoiceField(
        label=_("Results by region"),
        choices=Poll.Breakdown.choices,
        coerce=int,
        initial=Poll.Breakdown.DISTRICT,
    )

    def option_labels(self) -> list[str]:
        return [
            line.strip()
            for line in self.cleaned_data["options"].splitlines()
            if line.strip()
        ]


class ReceiptCheckForm(forms.Form):
    code = forms.CharField(label=_("Receipt code"), max_length=40)
