# SPDX-License-Identifier: EUPL-1.2
"""The purpose every staff read states, and the register search."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.registry.constants import PURPOSE_TEXTS, Purpose
from balai.registry.forms.fields import DateInput, KkNumberField, NikField


class PurposeForm(forms.Form):
    """Why the officer looks at a person's data; goes into the audit log."""

    purpose = forms.ChoiceField(
        label=_("Purpose"),
        choices=[("", "—"), *Purpose.choices],
        help_text=_("Recorded in the audit log and shown to the person concerned."),
    )
    purpose_detail = forms.CharField(
        label=_("Purpose, in your words"),
        max_length=200,
        required=False,
        help_text=_("Required for “Other”. Do not write personal data here."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("purpose") == Purpose.OTHER and not data.get("purpose_detail"):
            self.add_error("purpose_detail", _("Describe the purpose."))
        return data

    def purpose_text(self) -> str:
        """The English audit text: the purpose's stable wording plus the detail."""
        data = self.cleaned_data
        text = PURPOSE_TEXTS[Purpose(data["purpose"])]
        detail = (data.get("purpose_detail") or "").strip()
        return f"{text}: {detail}" if detail else text

    def as_query(self) -> dict[str, str]:
        data = self.cleaned_data
        query = {"purpose": data["purpose"]}
        if data.get("purpose_detail"):
            query["purpose_detail"] = data["purpose_detail"]
        return query


class ResidentSearchForm(PurposeForm):
    nik = NikField(required=False)
    kk_number = KkNumberField(required=False)
    name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=DateInput()
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        by_name = data.get("name") or data.get("birth_date")
        if by_name and not (data.get("name") and data.get("birth_date")):
            self.add_error(None, _("Searching by name needs the date of birth too."))
        elif not (data.get("nik") or data.get("kk_number") or by_name):
            self.add_error(
                None,
                _("Enter a NIK, a family card number, or a name and date of birth."),
            )
        return data
