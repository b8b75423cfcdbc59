# SPDX-License-Identifier: EUPL-1.2
"""The report form of the PWA: shape only; report_submit owns the rules.

The same form serves the plain HTML post (no JavaScript) and the offline queue's
multipart post, so both are checked identically and re-render with what was typed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from balai.reports.constants import MAX_DESCRIPTION, MAX_PHOTOS, ErrorCode
from balai.reports.pwa import attribute_fields


@dataclass(frozen=True)
class CategoryChoice:
    """A category as the picker shows it, in the active language."""

    code: str
    name: str
    description: str
    group: str


def category_choices(categories: list[Any]) -> list[CategoryChoice]:
    """The selector's categories (both languages) in the page's language; Indonesian
    stays the fallback, since every category has an Indonesian name."""
    english = (get_language() or "id").startswith("en")
    return [
        CategoryChoice(
            code=c.code,
            name=(c.name_en if english and c.name_en else c.name_id),
            description=(
                c.description_en if english and c.description_en else c.description_id
            ),
            group=c.group,
        )
        for c in categories
    ]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AsciiFloatField(forms.FloatField):
    """A decimal number written with ASCII digits only (Python's float() also reads
    Arabic-Indic and other scripts' digits, which no coordinate is written in)."""

    def to_python(self, value: Any) -> float | None:  # type: ignore[override]
        if isinstance(value, str) and value.strip():
            text = value.strip()
            if not text.isascii():
                raise forms.ValidationError(
                    _("Write the coordinates with the digits 0-9."), code="invalid"
                )
        return super().to_python(value)


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS images from the phone's camera or gallery."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={"accept": "image/*", "capture": "environment", "multiple": True}
            ),
        )
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = [f for f in (data or []) if f]
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(
                _("Attach at most %(count)d photos."),
                code=ErrorCode.TOO_MANY_PHOTOS,
                params={"count": MAX_PHOTOS},
            )
        return [super(PhotosField, self).clean(f, initial) for f in files]


class ReportForm(forms.Form):
    """What a citizen tells about a problem: what, where, photos; who stays optional."""

    service_code = forms.ChoiceField(
        label=_("What is the problem?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the problem is.")},
    )
    description = forms.CharField(
        label=_("Describe the problem"),
        help_text=_("What is wrong, since when, and anything that helps to find it."),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Describe the problem.")},
    )
    photos = PhotosField(label=_("Photos"), required=False)
    lat = AsciiFloatField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    lon = AsciiFloatField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    address = forms.CharField(
        label=_("Address or landmark"),
        help_text=_("For example: in front of SDN 3, near the mosque on Jalan Melati."),
        max_length=300,
        required=False,
    )
    anonymous = forms.BooleanField(
        label=_("Report anonymously"),
        help_text=_(
            "Your name is not shown with the report. You still follow it under "
            "My reports."
        ),
        required=False,
    )
    client_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        categories: list[Any],
        signed_in: bool,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {}).setdefault("client_token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.categories = category_choices(categories)
        self.fields["photos"].help_text = gettext(
            "Up to %(count)d photos from the camera or the gallery."
        ) % {"count": MAX_PHOTOS}
        self.fields["service_code"].choices = [
            (c.code, c.name) for c in self.categories
        ]
        if not signed_in:
            del self.fields["anonymous"]
        self._categories = {c.code: c for c in categories}
        chosen = self.data.get("service_code") if self.is_bound else None
        self.attribute_items = attribute_fields.add_attribute_fields(
            self, categories, chosen, self.is_bound
        )

    def attributes(self) -> dict[str, Any]:
        """The chosen category's answers by attribute code (after is_valid())."""
        category = self._categories.get(self.cleaned_data.get("service_code", ""))
        if category is None:
            return {}
        return attribute_fields.answers(self, category, self.cleaned_data)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        lat, lon = cleaned.get("lat"), cleaned.get("lon")
        if (lat is None) != (lon is None) and not self.has_error("lat"):
            self.add_error("lat", _("Give both latitude and longitude, or neither."))
        return cleaned

    def groups(self) -> list[tuple[str, list[tuple[Any, Any, list[Any]]]]]:
        """The category radios grouped as the city groups them, in picker order,
        each with its questions: (category, radio, [bound field or note])."""
        radios = {radio.data["value"]: radio for radio in self["service_code"]}
        grouped: dict[str, list[tuple[Any, Any, list[Any]]]] = {}
        for category in self.categories:
            if category.code in radios:
                questions = [
                    self[item.name] if item.name else item.note
                    for item in self.attribute_items.get(category.code, [])
                ]
                grouped.setdefault(category.group or "", []).append(
                    (category, radios[category.code], questions)
                )
        return list(grouped.items())

    def field_for(self, name: str) -> str | None:
        """Where a service error about ``name`` belongs on this form."""
        aliases = {
            "service": "service_code",
            "category": "service_code",
            "media": "photos",
            "photo": "photos",
            "location": "address",
        }
        name = aliases.get(name, name)
        if name.startswith("attribute[") and name.endswith("]"):
            chosen = self.data.get("service_code", "")
            name = attribute_fields.field_name(chosen, name[len("attribute[") : -1])
        return name if name in self.fields else None
