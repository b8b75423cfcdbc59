# SPDX-License-Identifier: EUPL-1.2
"""Form fields for identity numbers, region codes and multiple documents."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from balai.regions.nik import NikError, parse_nik

_SEPARATORS = re.compile(r"[\s.\-]")


class NikField(forms.CharField):
    """A NIK typed with or without separators; checked structurally."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("NIK"))
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
            return parse_nik(text, check_region=False).nik
        except NikError as exc:
            raise ValidationError(exc.message, code=exc.code) from exc


class NikListField(forms.CharField):
    """Several NIKs, one per line (or separated by commas)."""

    widget = forms.Textarea(attrs={"rows": 3, "inputmode": "numeric"})

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value) or ""
        niks = []
        for item in re.split(r"[\n,;]+", text):
            if item.strip():
                try:
                    niks.append(parse_nik(item, check_region=False).nik)
                except NikError as exc:
                    raise ValidationError(exc.message, code=exc.code) from exc
        if self.required and not niks:
            raise ValidationError(self.error_messages["required"], code="required")
        return niks


class KkNumberField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Family card number"))
        kwargs.setdefault("max_length", 24)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean(self, value: Any) -> str:
        digits = _SEPARATORS.sub("", super().clean(value) or "")
        if digits and not re.fullmatch(r"[0-9]{16}", digits):
            raise ValidationError(_("A family card number has 16 digits."))
        return digits


class RegionCodeField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 13)
        super().__init__(**kwargs)
        self.widget.attrs.update({"class": "input--medium", "autocomplete": "off"})

    def clean(self, value: Any) -> str:
        text = (super().clean(value) or "").strip()
        if text and not re.fullmatch(r"[0-9]{2}(\.[0-9]{2}){0,2}(\.[0-9]{4})?", text):
            raise ValidationError(_("Enter a code such as 32.73 or 32.73.01.1001."))
        return text


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files (checked by the service: type sniffed, size limited)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"})
        )
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)
