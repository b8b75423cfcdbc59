# SPDX-License-Identifier: EUPL-1.2
"""One Django form field per JSON Schema property, labelled from ``form_ui``."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _

from balai.catalog.constants import FORMAT_KK, FORMAT_NIK
from balai.regions.nik import KkNumberError, NikError, parse_kk_number, parse_nik

# browser autofill hints for fields prefilled from the register
AUTOCOMPLETE = {
    "full_name": "name",
    "birth_date": "bday",
    "address": "street-address",
    "phone": "tel",
    "email": "email",
    "sex": "sex",
}
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
_SEPARATORS = re.compile(r"[\s.\-]")


class IdentityNumberField(forms.CharField):
    """A NIK or family card number typed with or without separators."""

    def __init__(self, *, kind: str, **kwargs: Any) -> None:
        self.kind = kind
        kwargs.setdefault("max_length", 24)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "off", "class": "input--medium"}
        )

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return ""
        try:
            if self.kind == FORMAT_NIK:
                return parse_nik(text, check_region=False).nik
            return parse_kk_number(text, check_region=False).number
        except (NikError, KkNumberError) as exc:
            raise ValidationError(exc.message, code=exc.code) from exc


def _text(value: Any) -> str:
    return str(value) if value is not None else ""


def _choices(
    spec: dict[str, Any], ui: dict[str, Any], widget: str
) -> list[tuple[str, Any]]:
    labels = ui.get("choices", {})
    choices = [(value, _text(labels.get(value, value))) for value in spec["enum"]]
    if widget != "radio":
        choices.insert(0, ("", _("Choose…")))
    return choices


def _string_field(
    spec: dict[str, Any], ui: dict[str, Any], common: dict[str, Any]
) -> forms.Field:
    widget = ui.get("widget", "")
    if "enum" in spec:
        return forms.ChoiceField(
            choices=_choices(spec, ui, widget),
            widget=forms.RadioSelect if widget == "radio" else forms.Select,
            **common,
        )
    fmt = spec.get("format")
    if fmt == "date":
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            input_formats=DATE_INPUT_FORMATS,
            **common,
        )
    if fmt in {FORMAT_NIK, FORMAT_KK}:
        return IdentityNumberField(kind=fmt, **common)
    if fmt == "email":
        return forms.EmailField(**common)
    validators = []
    if "pattern" in spec:
        message = _text(ui.get("error")) or _("Enter a value in the expected format.")
        validators.append(RegexValidator(spec["pattern"], message=message))
    return forms.CharField(
        min_length=spec.get("minLength"),
        max_length=spec.get("maxLength"),
        widget=forms.Textarea(attrs={"rows": 3}) if widget == "textarea" else None,
        validators=validators,
        **common,
    )


def form_field(
    name: str, spec: dict[str, Any], ui: dict[str, Any], *, required: bool
) -> forms.Field:
    """The Django field for one property; labels and help in the active language."""
    common: dict[str, Any] = {
        "label": _text(ui.get("label")) or name,
        "help_text": _text(ui.get("help")),
        "required": required,
    }
    kind = spec.get("type")
    if kind == "boolean":
        # a required checkbox is a confirmation (const: true); others are yes/no
        common["required"] = required and spec.get("const") is True
        field: forms.Field = forms.BooleanField(**common)
    elif kind == "integer":
        field = forms.IntegerField(
            min_value=spec.get("minimum"), max_value=spec.get("maximum"), **common
        )
    elif kind == "number":
        field = forms.FloatField(
            min_value=spec.get("minimum"), max_value=spec.get("maximum"), **common
        )
        field.widget.attrs["step"] = "any"
    else:
        field = _string_field(spec, ui, common)
    autocomplete = AUTOCOMPLETE.get(ui.get("prefill", ""))
    if autocomplete and "autocomplete" not in field.widget.attrs:
        field.widget.attrs["autocomplete"] = autocomplete
    return field
