# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _


class YearForm(forms.Form):
    tahun = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, required=False)

    def __init__(self, *args: object, years: list[int], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["tahun"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    """Upload of a SIPD-style export (CSV or XLSX)."""

    MAX_BYTES = 20 * 1024 * 1024

    kind = forms.ChoiceField(label=_("What the file holds"))
    version = forms.ChoiceField(
        label=_("Budget version (for budget lines)"), required=False
    )
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("A SIPD export with the columns listed below; at most 20 MB."),
    )

    def __init__(
        self, *args: object, versions: Sequence[object], **kwargs: object
    ) -> None:
        from balai.finance.constants import ImportKind

        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["kind"].choices = ImportKind.choices  # type: ignore[attr-defined]
        self.fields["version"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (str(v.pk), str(v))  # type: ignore[attr-defined]
            for v in versions
        ]

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload
