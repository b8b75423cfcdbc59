# SPDX-License-Identifier: EUPL-1.2
"""Server-side validation of stored answers against a service's JSON Schema.

jsonschema's own messages are English and name the schema, not the citizen's field, so
each error is turned into a short message in the active language, keyed by the form
property it concerns ("__all__" when it concerns the whole form). Identity numbers use
the custom formats ``nik`` and ``kk-number``, checked with balai.regions.nik.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from balai.catalog.constants import FORMAT_KK, FORMAT_NIK
from balai.catalog.definitions import ServiceDefinition
from balai.regions.nik import KkNumberError, NikError, parse_kk_number, parse_nik

ALL = "__all__"

format_checker = FormatChecker(formats=("email",))


@format_checker.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    dt.date.fromisoformat(value)
    return len(value) == 10


@format_checker.checks(FORMAT_NIK, raises=NikError)
def _is_nik(value: object) -> bool:
    if isinstance(value, str):
        parse_nik(value, check_region=False)
    return True


@format_checker.checks(FORMAT_KK, raises=KkNumberError)
def _is_kk_number(value: object) -> bool:
    if isinstance(value, str):
        parse_kk_number(value, check_region=False)
    return True


_validators: dict[int, tuple[dict[str, Any], Draft202012Validator]] = {}


def validator_for(service: ServiceDefinition) -> Draft202012Validator:
    """One compiled validator per loaded form schema."""
    cached = _validators.get(id(service.form_schema))
    if cached is None or cached[0] is not service.form_schema:
        validator = Draft202012Validator(
            service.form_schema, format_checker=format_checker
        )
        cached = (service.form_schema, validator)
        _validators[id(service.form_schema)] = cached
    return cached[1]


def _type_message(expected: Any) -> str:
    kinds = expected if isinstance(expected, list) else [expected]
    if "integer" in kinds:
        return _("Enter a whole number.")
    if "number" in kinds:
        return _("Enter a number.")
    if "boolean" in kinds:
        return _("Answer yes or no.")
    return _("Enter text.")


def _format_message(error: ValidationError) -> str:
    cause = error.cause
    if isinstance(cause, NikError | KkNumberError):
        return cause.message
    if error.validator_value == "date":
        return _("Enter a real date (day, month and year).")
    if error.validator_value == "email":
        return _("Enter a valid email address.")
    return _("Enter a value in the expected format.")


def _message(error: ValidationError, ui: dict[str, Any] | None) -> str:
    keyword, limit = error.validator, error.validator_value
    custom = ui.get("error") if ui else None
    if keyword in {"pattern", "format"} and custom is not None:
        return str(custom)
    if keyword == "type":
        return _type_message(limit)
    if keyword == "const" and limit is True:
        return _("Tick this box to continue.")
    if keyword in {"enum", "const"}:
        return _("Choose one of the options.")
    if keyword == "minLength":
        return ngettext(
            "Enter at least %(limit)d character.",
            "Enter at least %(limit)d characters.",
            limit,
        ) % {"limit": limit}
    if keyword == "maxLength":
        return ngettext(
            "Enter at most %(limit)d character.",
            "Enter at most %(limit)d characters.",
            limit,
        ) % {"limit": limit}
    if keyword == "pattern":
        return _("Enter a value in the expected format.")
    if keyword == "format":
        return _format_message(error)
    if keyword == "minimum":
        return _("Enter %(limit)s or more.") % {"limit": limit}
    if keyword == "maximum":
        return _("Enter %(limit)s or less.") % {"limit": limit}
    if keyword == "exclusiveMinimum":
        return _("Enter more than %(limit)s.") % {"limit": limit}
    if keyword == "exclusiveMaximum":
        return _("Enter less than %(limit)s.") % {"limit": limit}
    return _("This answer is not valid.")


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    messages = errors.setdefault(field, [])
    if message not in messages:
        messages.append(message)


def validate_answers(
    service: ServiceDefinition, answers: dict[str, Any]
) -> dict[str, list[str]]:
    """Per form property, what is wrong with the answers ({} when they are valid).

    Messages are in the active language; "__all__" holds errors about the whole form.
    """
    errors: dict[str, list[str]] = {}
    if not isinstance(answers, dict):
        return {ALL: [_("The answers must be a set of named fields.")]}
    properties = service.form_schema.get("properties", {})
    for error in validator_for(service).iter_errors(answers):
        if error.validator == "required":
            for name in error.validator_value:
                if isinstance(error.instance, dict) and name not in error.instance:
                    _add(errors, name, _("This field is required."))
            continue
        if error.validator == "additionalProperties":
            for name in error.instance:
                if name not in properties:
                    _add(errors, name, _("This field is not part of the form."))
            continue
        field = str(error.path[0]) if error.path else ALL
        _add(errors, field, _message(error, service.form_ui.get(field)))
    order = {name: index for index, name in enumerate(properties)}
    return dict(sorted(errors.items(), key=lambda item: order.get(item[0], -1)))
