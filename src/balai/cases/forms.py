# SPDX-License-Identifier: EUPL-1.2
"""Forms of the cases pages: shape only; the services hold the rules."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.cases.constants import IKM_ELEMENTS, IKM_SCORES, SlaState, Status
from balai.catalog.definitions import DocumentRequirement

REASON_MAX = 2000


def new_token() -> str:
    return uuid.uuid4().hex


class TokenField(forms.CharField):
    """A hidden idempotency token: the same token twice means the same request."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=64, required=False, **kwargs)


class UploadForm(forms.Form):
    """One document for one requirement of the service."""

    requirement = forms.ChoiceField(label=_("Document"))
    file = forms.FileField(label=_("File"))

    def __init__(
        self, *args: Any, requirements: tuple[DocumentRequirement, ...], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requirement"].choices = [
            (requirement.code, str(requirement.name)) for requirement in requirements
        ]


class SubmitForm(forms.Form):
    token = TokenField()
    confirm = forms.BooleanField(
        label=_("I have checked my answers and documents, and they are true."),
        error_messages={"required": _("Confirm that your answers are true.")},
    )


class AnswerForm(forms.Form):
    """The citizen's answer to a request: text and, per document asked, a new file."""

    text = forms.CharField(
        label=_("Your answer"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self, *args: Any, requirements: list[DocumentRequirement], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.requirements = requirements
        for requirement in requirements:
            self.fields[f"file_{requirement.code}"] = forms.FileField(
                label=str(requirement.name), required=False
            )

    def files_to_send(self) -> list[tuple[str, Any]]:
        return [
            (requirement.code, self.cleaned_data[f"file_{requirement.code}"])
            for requirement in self.requirements
            if self.cleaned_data.get(f"file_{requirement.code}")
        ]


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw?"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SurveyForm(forms.Form):
    """The nine IKM elements, each scored 1 (poor) to 4 (very good), and a comment."""

    comment = forms.CharField(
        label=_("Comments or suggestions"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scored = {
            name: forms.TypedChoiceField(
                label=label,
                choices=IKM_SCORES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose a score.")},
            )
            for name, label in IKM_ELEMENTS
        }
        self.fields = {**scored, "comment": self.fields["comment"]}

    def scores(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name, _label in IKM_ELEMENTS}


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    service = forms.ChoiceField(label=_("Service"), required=False)
    sla = forms.ChoiceField(
        label=_("Service time"),
        required=False,
        choices=[
            ("", _("All")),
            (SlaState.DUE_SOON, _("Due within a working day")),
            (SlaState.OVERDUE, _("Overdue")),
        ],
    )

    def __init__(
        self, *args: Any, services: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Open"))] + [
            (status.value, status.label) for status in Status if status != Status.DRAFT
        ]
        self.fields["service"].choices = [("", _("All services")), *services]

    def value(self, name: str) -> str:
        if not self.is_valid():
            return ""
        return self.cleaned_data.get(name) or ""


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason.")},
    )


class RevisionForm(ReasonForm):
    requirements = forms.MultipleChoiceField(
        label=_("Documents to upload again"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, requirements: tuple[DocumentRequirement, ...], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = _("What must the citizen revise or add?")
        self.fields["requirements"].choices = [
            (r.code, str(r.name)) for r in requirements
        ]


class ApproveForm(forms.Form):
    reason = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # the agency head's reason to approve although a document is not accepted
    override_reason = forms.CharField(
        label=_("Reason to approve without every document accepted"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # set by the confirmation page of a register change
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class AssignForm(forms.Form):
    officer = forms.ChoiceField(label=_("Officer"))

    def __init__(self, *args: Any, officers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].choices = [
            (str(officer.pk), officer.full_name) for officer in officers
        ]


class DocumentCheckForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Check"),
        choices=[("ok", _("Accept")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=REASON_MAX)
