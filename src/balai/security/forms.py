# SPDX-License-Identifier: EUPL-1.2
"""Forms of the security pages: they check shape only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.security.selectors import AuditFilters


class AuditFilterForm(forms.Form):
    """Search criteria for the audit log; every field is optional."""

    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=80,
        help_text=_("For example person.read; end with * for a prefix (person.*)."),
    )
    actor = forms.CharField(
        label=_("Who acted"),
        required=False,
        max_length=150,
        help_text=_("A staff member's name, or a NIK."),
    )
    agency = forms.CharField(label=_("Agency"), required=False, max_length=200)
    subject = forms.CharField(
        label=_("Whose data"),
        required=False,
        max_length=150,
        help_text=_("A NIK, or a resident's full name as registered."),
    )
    actor_id = forms.UUIDField(label=_("Actor id"), required=False)
    agency_id = forms.UUIDField(label=_("Agency id"), required=False)
    subject_id = forms.UUIDField(label=_("Data subject id"), required=False)
    object_type = forms.CharField(
        label=_("Object type"),
        required=False,
        max_length=80,
        help_text=_("For example accounts.user."),
    )
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    date_from = forms.DateField(
        label=_("From (date)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=_("To (date)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def to_filters(self) -> AuditFilters:
        """The cleaned criteria (call after is_valid())."""
        data = self.cleaned_data
        return AuditFilters(
            action=(data.get("action") or "").strip(),
            actor_id=data.get("actor_id"),
            agency_id=data.get("agency_id"),
            subject_id=data.get("subject_id"),
            object_type=(data.get("object_type") or "").strip(),
            object_id=(data.get("object_id") or "").strip(),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            actor=(data.get("actor") or "").strip(),
            agency=(data.get("agency") or "").strip(),
            subject=(data.get("subject") or "").strip(),
        )
