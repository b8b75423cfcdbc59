# SPDX-License-Identifier: EUPL-1.2
"""Forms of the public verification page (shape only; the checks live in
``verification``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.cases.documents.codes import normalise_code


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        help_text=_(
            "The 20 characters printed under the QR code, e.g. "
            "ABCD-EFGH-JKMN-PQRS-TVWX."
        ),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "class": "mono"}
        ),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("A verification code has 20 letters and digits."), code="invalid"
            )
        return code


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("PDF file"),
        help_text=_("The PDF as you received it; it is checked and not kept."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    code = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
