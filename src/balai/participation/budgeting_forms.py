# SPDX-License-Identifier: EUPL-1.2
"""Forms of the Musrenbang pages (parsing only: the services decide)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.participation.budgeting_states import DECISIONS
from balai.participation.models.budgeting import ProposalKind, Sector

DECISION_LABELS = {
    "forward": _("Accept and forward to the next level"),
    "merge": _("Merge into another proposal"),
    "defer": _("Defer"),
    "reject": _("Reject"),
    "reopen": _("Take up again"),
}


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Who proposes?"),
        choices=ProposalKind.choices,
        initial=ProposalKind.CITIZEN,
        widget=forms.RadioSelect,
    )
    group_name = forms.CharField(
        label=_("Name of the group or village"), max_length=200, required=False
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    problem = forms.CharField(
        label=_("What is the problem and what should be done?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    region_code = forms.ChoiceField(label=_("Village or kelurahan"), choices=())
    estimated_cost = forms.CharField(
        label=_("Estimated cost (Rp)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    address = forms.CharField(
        label=_("Place (street, RT/RW, landmark)"), max_length=300, required=False
    )
    lat = forms.CharField(label=_("Latitude"), max_length=24, required=False)
    lon = forms.CharField(label=_("Longitude"), max_length=24, required=False)
    photos = forms.FileField(
        label=_("Photos"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    confirm_new = forms.BooleanField(
        label=_("My proposal is different from these: file it anyway"),
        required=False,
    )

    def __init__(
        self, *args: Any, villages: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["region_code"]).choices = [
            ("", "—"),
            *villages,
        ]

    def field_for(self, name: str) -> str | None:
        if name == "location":
            return "address"
        return name if name in self.fields else None


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=())
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    merge_into = forms.CharField(
        label=_("Merge into (proposal number)"), max_length=16, required=False
    )

    def __init__(
        self, *args: Any, decisions: list[str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["decision"]).choices = [
            (d, DECISION_LABELS[d]) for d in (decisions or list(DECISIONS))
        ]


class LinkBudgetForm(forms.Form):
    budget_item = forms.CharField(label=_("Budget item id"), max_length=40)
    year = forms.IntegerField(label=_("Fiscal year"), min_value=2000, max_value=2100)


class BudgetRoundForm(forms.Form):
    """A planner prepares a participatory budgeting vote (a draft, opened later)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    region_code = forms.CharField(
        label=_("Area (region code, e.g. 32.73.02)"), max_length=13, required=False
    )
    ceiling = forms.CharField(
        label=_("Budget ceiling (Rp)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    max_projects = forms.IntegerField(
        label=_("Projects per voter at most"), min_value=1, max_value=50, initial=3
    )
    projects = forms.MultipleChoiceField(
        label=_("Proposals put to the vote"),
        choices=(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, candidates: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["projects"]).choices = candidates
