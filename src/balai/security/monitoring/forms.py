# SPDX-License-Identifier: EUPL-1.2
"""Forms of the alert pages: they check shape only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.security.monitoring.constants import AlertStatus, Severity
from balai.security.monitoring.services import MAX_NOTE


class AlertFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *AlertStatus.choices],
    )
    severity = forms.ChoiceField(
        label=_("Severity"),
        required=False,
        choices=[("", _("All severities")), *Severity.choices],
    )


class AlertResolveForm(forms.Form):
    note = forms.CharField(
        label=_("Resolution note"),
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was found and what was done. Stored encrypted."),
    )
