# SPDX-License-Identifier: EUPL-1.2
"""Form fields for each category's Open311 attributes on the reporting form.

Every category's questions are on the page (so the page works offline and without
JavaScript); a category's questions show under its choice once it is chosen (CSS),
and only the chosen category's answers are read. Field names carry the category,
``a:<service_code>:<attribute code>`` (``:`` occurs in neither code), so two
categories may ask the same code. Each Open311 datatype gets a fitting control:

    string           one-line text         text             a text area
    number           text, decimal keypad  datetime         date and time picker
    singlevaluelist  radio buttons         multivaluelist   checkboxes

Informational attributes (``variable: false``) are shown as a note. The fields only
shape the answers; ``balai.reports.attributes`` keeps the rules, for every channel.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from balai.reports.attributes import MAX_VALUE, NUMBER, attribute_label, localised
from balai.reports.constants import Datatype

PREFIX = "a"
DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
DATETIME_INPUTS = [
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y %H:%M",
    "%d/%m/%Y %H.%M",
]


def field_name(service_code: str, code: str) -> str:
    return f"{PREFIX}:{service_code}:{code}"


@dataclass(frozen=True)
class AttributeItem:
    """One attribute of a category on the form: a field name, or a note to read."""

    name: str = ""
    note: str = ""


class NumberAnswerField(forms.CharField):
    """A number as typed; "2,5" on Indonesian pages means 2.5."""

    default_error_messages = {"invalid": _("Give a number, such as 12 or 2.5.")}

    def clean(self, value: Any) -> str:
        text = (super().clean(value) or "").strip().replace(" ", "")
        if not text:
            return ""
        if (get_language() or "id").startswith("id") and DECIMAL_COMMA.match(text):
            text = text.replace(",", ".")
        if not NUMBER.match(text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return text


class DateTimeAnswerField(forms.DateTimeField):
    """A local date and time (the phone's picker), answered as W3C with its zone."""

    widget = forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
    )
    default_error_messages = {
        "invalid": _("Give a date and time, such as 07/03/2026 09:30.")
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(input_formats=DATETIME_INPUTS, **kwargs)

    def clean(self, value: Any) -> str:
        moment = super().clean(value)
        if moment is None:
            return ""
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return timezone.localtime(moment).replace(microsecond=0).isoformat()

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, str) and "T" in value and len(value) > 16:
            try:
                parsed = dt.datetime.fromisoformat(value)
            except ValueError:
                return value
            return timezone.localtime(parsed) if parsed.tzinfo else parsed
        return super().prepare_value(value)


def _field(definition: dict[str, Any]) -> forms.Field:
    datatype = definition.get("datatype")
    options: dict[str, Any] = {
        "label": attribute_label(definition),
        "help_text": localised(definition, "datatype_description"),
        "required": bool(definition.get("required")),
    }
    choices = [
        (str(v["key"]), localised(v, "name") or str(v["key"]))
        for v in definition.get("values") or []
    ]
    if datatype == Datatype.SINGLEVALUELIST:
        return forms.ChoiceField(
            choices=choices,
            widget=forms.RadioSelect,
            error_messages={
                "required": _("Choose an answer."),
                "invalid_choice": _("Choose one of the answers offered."),
            },
            **options,
        )
    if datatype == Datatype.MULTIVALUELIST:
        return forms.MultipleChoiceField(
            choices=choices,
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "required": _("Choose at least one answer."),
                "invalid_choice": _("Choose among the answers offered."),
            },
            **options,
        )
    if datatype == Datatype.NUMBER:
        return NumberAnswerField(
            max_length=50,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            **options,
        )
    if datatype == Datatype.DATETIME:
        return DateTimeAnswerField(**options)
    if datatype == Datatype.TEXT:
        return forms.CharField(
            max_length=MAX_VALUE, widget=forms.Textarea(attrs={"rows": 3}), **options
        )
    return forms.CharField(max_length=MAX_VALUE, **options)


def _not_asked(value: Any) -> None:
    """The clean() of a category that was not chosen: its answers are not read."""
    return None


def add_attribute_fields(
    form: forms.Form, categories: list[Any], chosen: str | None, bound: bool
) -> dict[str, list[AttributeItem]]:
    """Add every category's attribute fields to ``form``; items per service code.

    On a bound form only the chosen category's answers are validated (and may be
    required); the other categories' fields keep what was typed, unchecked.
    """
    items: dict[str, list[AttributeItem]] = {}
    for category in categories:
        rows: list[AttributeItem] = []
        for definition in category.attribute_definitions():
            if definition.get("variable", True) is False:
                note = attribute_label(definition)
                if note:
                    rows.append(AttributeItem(note=note))
                continue
            name = field_name(category.code, str(definition["code"]))
            field = _field(definition)
            if bound and category.code != chosen:
                field.required = False
                field.clean = _not_asked  # type: ignore[method-assign]
            form.fields[name] = field
            rows.append(AttributeItem(name=name))
        items[category.code] = rows
    return items


def answers(form: forms.Form, category: Any, cleaned: dict[str, Any]) -> dict[str, Any]:
    """The chosen category's answers by attribute code, empty ones left out."""
    values: dict[str, Any] = {}
    for definition in category.attribute_definitions():
        name = field_name(category.code, str(definition["code"]))
        value = cleaned.get(name)
        if value not in (None, "", []):
            values[str(definition["code"])] = value
    return values
