# SPDX-License-Identifier: EUPL-1.2
"""Application forms built from a service's JSON Schema and ``form_ui``.

The cases app calls exactly these: ``application_form`` (the form a citizen fills in),
``validate_answers`` (re-checks stored JSON answers on the server) and
``prefill_initial`` (initial values from the applicant's register record). The form's
``answers`` are JSON-ready (dates as ISO strings, blanks left out) and are checked
against the schema too, so conditional rules (``if``/``then``) hold in the form.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from balai.catalog.definitions import ServiceDefinition
from balai.catalog.forms.answers import ALL, validate_answers
from balai.catalog.forms.fields import form_field

__all__ = ["ApplicationForm", "application_form", "prefill_initial", "validate_answers"]


class ApplicationForm(forms.Form):
    """A service's application form; ``answers`` holds the cleaned, JSON-ready data."""

    service: ServiceDefinition

    def __init__(self, *args: Any, service: ServiceDefinition, **kwargs: Any) -> None:
        self.service = service
        super().__init__(*args, **kwargs)
        schema = service.form_schema
        required = set(schema.get("required", ()))
        for name, spec in schema.get("properties", {}).items():
            ui = service.form_ui.get(name, {})
            self.fields[name] = form_field(name, spec, ui, required=name in required)

    @property
    def answers(self) -> dict[str, Any]:
        """The cleaned data as stored: JSON types, empty optional answers omitted."""
        answers: dict[str, Any] = {}
        for name, value in getattr(self, "cleaned_data", {}).items():
            if value is None or value == "":
                continue
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, str):
                value = value.strip()
            answers[name] = value
        return answers

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for field, messages in validate_answers(self.service, self.answers).items():
            if field in self.errors:
                continue  # the field's own check already explained the problem
            for message in messages:
                self.add_error(None if field == ALL else field, message)
        return cleaned


def application_form(
    service: ServiceDefinition,
    *,
    data: Any = None,
    files: Any = None,
    initial: dict[str, Any] | None = None,
) -> ApplicationForm:
    """The service's form (bound when ``data`` is given), in the active language."""
    return ApplicationForm(data, files, initial=initial, service=service)


def prefill_initial(
    service: ServiceDefinition, register_values: dict[str, Any]
) -> dict[str, Any]:
    """Initial form values: each property with a ``prefill`` key takes that register
    value (blank register values are skipped, so the field stays empty)."""
    initial: dict[str, Any] = {}
    for name, ui in service.form_ui.items():
        key = ui.get("prefill")
        value = register_values.get(key) if key else None
        if value is not None and value != "":
            initial[name] = value
    return initial
