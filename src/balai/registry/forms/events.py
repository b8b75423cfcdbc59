# SPDX-License-Identifier: EUPL-1.2
"""One form per life event (shape only); ``FORMS`` maps an event kind to its form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from balai.registry.constants import (
    BloodType,
    Citizenship,
    Education,
    EventKind,
    MaritalStatus,
    Relationship,
    Religion,
    Sex,
)
from balai.registry.forms.fields import (
    DateInput,
    KkNumberField,
    MultipleFileField,
    NikField,
    NikListField,
    RegionCodeField,
)


def _choices(choices: Any, blank: bool = True) -> list[tuple[str, Any]]:
    items = [(value, label) for value, label in choices if value != ""]
    return [("", "—"), *items] if blank else items


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput())


class EventForm(forms.Form):
    """Fields every event has: supporting documents and a note."""

    # service field name → form field name, for errors the services report
    error_fields: dict[str, str] = {}

    documents = MultipleFileField(
        label=_("Supporting documents"),
        help_text=_("PDF, JPG or PNG, at most 5 MB each, up to 5 files."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def field_for(self, name: str) -> str | None:
        name = self.error_fields.get(name, name)
        return name if name in self.fields else None


class PersonFields(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    sex = forms.ChoiceField(label=_("Sex"), choices=_choices(Sex.choices))
    birth_date = _date(_("Date of birth"))
    birth_place = forms.CharField(
        label=_("Place of birth"), max_length=100, required=False
    )
    religion = forms.ChoiceField(
        label=_("Religion"), choices=_choices(Religion.choices)
    )
    marital_status = forms.ChoiceField(
        label=_("Marital status"), choices=_choices(MaritalStatus.choices, blank=False)
    )
    occupation = forms.CharField(label=_("Occupation"), max_length=100, required=False)
    education = forms.ChoiceField(
        label=_("Education"), choices=_choices(Education.choices), required=False
    )
    blood_type = forms.ChoiceField(
        label=_("Blood type"), choices=_choices(BloodType.choices), required=False
    )
    citizenship = forms.ChoiceField(
        label=_("Citizenship"), choices=_choices(Citizenship.choices, blank=False)
    )


class AddressFields(forms.Form):
    address = forms.CharField(label=_("Address"), max_length=300)
    rt = forms.RegexField(
        label=_("RT"), regex=r"^[0-9]{1,3}$", max_length=3, required=False
    )
    rw = forms.RegexField(
        label=_("RW"), regex=r"^[0-9]{1,3}$", max_length=3, required=False
    )
    village_code = RegionCodeField(
        label=_("Village code"), help_text=_("For example 32.73.01.1001.")
    )


class BirthForm(EventForm):
    error_fields = {"mother": "mother_nik", "father": "father_nik"}
    field_order = ["mother_nik", "father_nik", "full_name", "sex", "birth_date"]

    mother_nik = NikField(label=_("Mother's NIK"), required=False)
    father_nik = NikField(label=_("Father's NIK"), required=False)
    full_name = PersonFields.base_fields["full_name"]
    sex = PersonFields.base_fields["sex"]
    birth_date = _date(_("Date of birth"))
    birth_place = PersonFields.base_fields["birth_place"]
    religion = forms.ChoiceField(
        label=_("Religion"),
        choices=_choices(Religion.choices),
        required=False,
        help_text=_("Leave empty for the parent's religion."),
    )
    blood_type = PersonFields.base_fields["blood_type"]


class SubjectForm(EventForm):
    """Events about one resident, named by NIK (or opened from their record)."""

    error_fields = {"resident": "nik", "residents": "nik"}
    field_order = ["nik"]

    nik = NikField(required=False)
    resident = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("nik") and not data.get("resident"):
            self.add_error("nik", _("Enter the person's NIK."))
        return data


class DeathForm(SubjectForm):
    death_date = _date(_("Date of death"))


class MoveOutForm(EventForm):
    error_fields = {"residents": "niks"}

    niks = NikListField(
        label=_("NIKs of the people moving"), help_text=_("One per line.")
    )
    destination_code = RegionCodeField(
        label=_("Destination (region code)"), help_text=_("For example 31.74.")
    )
    move_date = _date(_("Date of moving"))


class MoveInForm(EventForm, AddressFields):
    error_fields = {"family": "kk_number", "arrivals.0.nik": "nik"}
    field_order = ["nik", "relationship", "kk_number", "move_date", "origin_code"]

    nik = NikField()
    relationship = forms.ChoiceField(
        label=_("Relationship to the head"),
        choices=_choices(Relationship.choices, blank=False),
    )
    kk_number = KkNumberField(
        required=False, help_text=_("To join a family card here; empty for a new card.")
    )
    move_date = _date(_("Date of arrival"))
    origin_code = RegionCodeField(label=_("Coming from (region code)"), required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    village_code = RegionCodeField(label=_("Village code"), required=False)
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        required=False,
        help_text=_("Only for people not yet in the register."),
    )
    sex = forms.ChoiceField(
        label=_("Sex"), choices=_choices(Sex.choices), required=False
    )
    birth_date = _date(_("Date of birth"), required=False)
    birth_place = PersonFields.base_fields["birth_place"]
    religion = forms.ChoiceField(
        label=_("Religion"), choices=_choices(Religion.choices), required=False
    )
    marital_status = PersonFields.base_fields["marital_status"]
    occupation = PersonFields.base_fields["occupation"]
    education = PersonFields.base_fields["education"]
    blood_type = PersonFields.base_fields["blood_type"]
    citizenship = PersonFields.base_fields["citizenship"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("full_name"):
            for name in ("sex", "birth_date", "religion"):
                if not data.get(name):
                    self.add_error(
                        name, _("Required for a person new to the register.")
                    )
        return data


class MarriageForm(EventForm, AddressFields):
    error_fields = {"head": "head_nik", "spouse": "spouse_nik"}
    field_order = ["head_nik", "spouse_nik", "marriage_date", "dispensation"]

    head_nik = NikField(label=_("NIK of the head of the new family"))
    spouse_nik = NikField(label=_("NIK of the spouse"))
    marriage_date = _date(_("Date of marriage"))
    dispensation = forms.BooleanField(
        label=_("A court granted a marriage-age dispensation"), required=False
    )
    address = forms.CharField(
        label=_("New address"),
        max_length=300,
        required=False,
        help_text=_("Empty: the head's current address."),
    )
    village_code = RegionCodeField(label=_("Village code"), required=False)


class DivorceForm(SubjectForm):
    error_fields = {"resident": "nik", "spouse": "spouse_nik", "taking": "taking_niks"}

    spouse_nik = NikField(label=_("NIK of the spouse"))
    divorce_date = _date(_("Date of divorce"))
    taking_niks = NikListField(
        label=_("Family members going with the spouse who leaves"),
        required=False,
        help_text=_("One NIK per line."),
    )


class CorrectionForm(SubjectForm, PersonFields, AddressFields):
    error_fields = {"resident": "nik", "village": "village_code"}
    field_order = ["nik", "reason"]

    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    expected_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in (*PersonFields.base_fields, *AddressFields.base_fields):
            field = self.fields[name]
            field.required = False
            if isinstance(field, forms.ChoiceField) and field.choices[0][0] != "":
                # "unchanged" must be choosable, or a select would always correct
                field.choices = [("", "—"), *field.choices]
        del self.fields["note"]


class FirstRegistrationForm(EventForm, PersonFields, AddressFields):
    error_fields = {"family": "kk_number"}
    field_order = ["nik", "full_name"]

    nik = NikField(required=False, help_text=_("Empty: a new NIK is allocated."))
    kk_number = KkNumberField(
        required=False, help_text=_("To join a family card; empty for a new card.")
    )
    relationship = forms.ChoiceField(
        label=_("Relationship to the head"),
        choices=_choices(Relationship.choices, blank=False),
        initial=Relationship.HEAD,
    )


FORMS: dict[str, type[EventForm]] = {
    EventKind.BIRTH: BirthForm,
    EventKind.DEATH: DeathForm,
    EventKind.MOVE_OUT: MoveOutForm,
    EventKind.MOVE_IN: MoveInForm,
    EventKind.MARRIAGE: MarriageForm,
    EventKind.DIVORCE: DivorceForm,
    EventKind.DATA_CORRECTION: CorrectionForm,
    EventKind.FIRST_REGISTRATION: FirstRegistrationForm,
}
