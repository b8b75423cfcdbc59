# SPDX-License-Identifier: EUPL-1.2
"""Forms of the officers' board (shape only; rules live in the services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.reports.constants import CloseReason, Priority, Status

STATUS_FILTERS = [
    ("active", _("Open, acknowledged or in progress")),
    ("all", _("All")),
    *Status.choices,
]


class BoardFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=STATUS_FILTERS, required=False
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=[("", _("Any")), *Priority.choices], required=False
    )
    area = forms.ChoiceField(label=_("Area"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    queue = forms.ChoiceField(
        label=_("Queue"),
        choices=[("", _("My agency")), ("triage", _("Triage (not routed)"))],
        required=False,
    )

    def __init__(
        self, *args: Any, categories: Any = (), areas: Any = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Any"))] + [
            (c.code, c.name) for c in categories
        ]
        self.fields["area"].choices = [("", _("Any"))] + [
            (a.code, a.name) for a in areas
        ]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    close_reason = forms.ChoiceField(
        label=_("Reason for closing"),
        choices=[("", "—"), *CloseReason.choices],
        required=False,
        help_text=_("Required when closing."),
    )
    note = forms.CharField(
        label=_("Public note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Shown to the public and sent to the followers."),
    )

    def __init__(self, *args: Any, targets: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if targets is not None:  # only the moves the state machine allows from here
            labels = dict(Status.choices)
            self.fields["status"].choices = [(t, labels[t]) for t in targets]


class BulkStatusForm(StatusForm):
    reports = forms.CharField(widget=forms.HiddenInput, required=False)


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    is_public = forms.BooleanField(
        label=_("Public (shown on the report page, followers are told)"),
        required=False,
    )


class AssignForm(forms.Form):
    team = forms.ChoiceField(label=_("Field team"), required=False)
    assignee = forms.ChoiceField(label=_("Officer"), required=False)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)

    def __init__(
        self, *args: Any, teams: Any = (), officers: Any = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "—")] + [(str(t.pk), t.name) for t in teams]
        self.fields["assignee"].choices = [("", "—")] + [
            (str(u.pk), u.full_name) for u in officers
        ]


class RerouteForm(forms.Form):
    agency = forms.ChoiceField(label=_("Agency"))
    note = forms.CharField(label=_("Internal note"), required=False, max_length=500)

    def __init__(self, *args: Any, agencies: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(str(a.pk), a.name) for a in agencies]


class MergeForm(forms.Form):
    survivor = forms.CharField(
        label=_("Number of the report to keep"),
        max_length=20,
        help_text=_(
            "This report is closed as its duplicate; followers and photos move."
        ),
    )
