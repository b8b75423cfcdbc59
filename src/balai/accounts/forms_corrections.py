# SPDX-License-Identifier: EUPL-1.2
"""Forms of the staff queue of data correction requests (shape only)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.accounts.constants import CorrectionStatus


class CorrectionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("open", _("Open")),
            *CorrectionStatus.choices,
            ("all", _("All")),
        ],
    )

    def status_or_default(self) -> str:
        """The chosen status filter, "open" when none or an unknown one."""
        if self.is_valid() and self.cleaned_data.get("status"):
            return self.cleaned_data["status"]
        return "open"


class CorrectionResolveForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept the correction")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when rejecting; the citizen receives it."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("A reason is required to reject."))
        return data
