# SPDX-License-Identifier: EUPL-1.2
"""Forms of the review queue."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Are these the same person?"),
        choices=[
            ("accept", _("Yes — the same person: merge")),
            ("reject", _("No — different people")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("Optional; do not write personal data here."),
    )


class UndoForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this merge undone?"),
        max_length=300,
        help_text=_("Recorded in the audit log; do not write personal data here."),
    )
