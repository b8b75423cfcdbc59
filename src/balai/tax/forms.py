# SPDX-License-Identifier: EUPL-1.2
"""Forms of the tax pages."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InquiryForm(forms.Form):
    nop = forms.CharField(
        label=_("NOP"),
        max_length=30,
        help_text=_("18 digits, as on the SPPT: 35.15.010.001.001-0001.0"),
    )
    year = forms.IntegerField(label=_("Tax year"), min_value=2000, max_value=2100)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["year"].initial = timezone.localdate().year


class AssessForm(forms.Form):
    year = forms.IntegerField(label=_("Tax year"), min_value=2000, max_value=2100)


class ObjectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the assessment wrong?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: the building area is smaller than recorded."),
    )
    requested_principal = forms.CharField(
        label=_("The tax you think is right (Rp)"), max_length=20
    )


class BphtbForm(forms.Form):
    nop = forms.CharField(
        label=_("NOP of the land or building acquired"),
        max_length=30,
        help_text=_("18 digits, as on the SPPT: 35.15.010.001.001-0001.0"),
    )
    acquisition = forms.ChoiceField(label=_("Kind of acquisition"), choices=())
    price = forms.CharField(
        label=_("Transaction price (Rp)"),
        max_length=20,
        help_text=_(
            "The price in the deed; for a grant or inheritance, the market value."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        from balai.tax.constants import AcquisitionKind

        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["acquisition"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose…")), *AcquisitionKind.choices]


class PkbIssueForm(forms.Form):
    year = forms.IntegerField(label=_("Tax year"), min_value=2000, max_value=2100)


class BphtbDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Verify")), ("reject", _("Reject"))]
    )
    note = forms.CharField(label=_("Reason or note"), max_length=500, required=False)
