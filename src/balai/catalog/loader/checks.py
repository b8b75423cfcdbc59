# SPDX-License-Identifier: EUPL-1.2
"""Checks of one service file: the meta-schema, then the rules that need more context.

Every check returns :class:`CatalogProblem` items naming the file and the dotted path of
the field, so an editor can go straight to the line that needs fixing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError, ValidationError

from balai.catalog.constants import (
    FORMAT_KK,
    FORMAT_NIK,
    KIND_APPLICATION,
    PREFILL_KEYS,
    SIGN_OFF_ROLES,
    STEP_ROLES,
)
from balai.catalog.errors import CatalogProblem
from balai.catalog.loader.meta_schema import META_SCHEMA

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
FIELD_TYPES = {"string", "integer", "number", "boolean"}
STRING_FORMATS = {"date", "email", FORMAT_NIK, FORMAT_KK}

_meta_validator = Draft202012Validator(META_SCHEMA)


def dotted(parts: Iterable[Any]) -> str:
    return ".".join(str(part) for part in parts)


def _schema_error_path(error: ValidationError) -> str:
    return dotted(error.absolute_path)


def check_shape(file: str, raw: Any) -> list[CatalogProblem]:
    """The file against the meta-schema; one problem per violation, sorted by path."""
    if not isinstance(raw, dict):
        return [CatalogProblem(file, "", "the file must hold a mapping of keys")]
    errors = sorted(_meta_validator.iter_errors(raw), key=lambda e: list(e.path))
    return [
        CatalogProblem(file, _schema_error_path(error), error.message)
        for error in errors
    ]


def check_rules(file: str, stem: str, raw: dict[str, Any]) -> list[CatalogProblem]:
    """Rules across fields; run only on files whose shape is right."""

    def problem(path: str, message: str) -> CatalogProblem:
        return CatalogProblem(file, path, message)

    problems: list[CatalogProblem] = []
    if raw["slug"] != stem:
        problems.append(
            problem("slug", f"{raw['slug']!r} must equal the file name {stem!r}")
        )
    if raw["sla_working_days"] < 1:
        problems.append(
            problem("sla_working_days", "must be a positive number of working days")
        )
    problems += _duplicates(file, "requirements", raw["requirements"])
    problems += _duplicates(file, "steps", raw["steps"])
    problems += list(_check_kind(file, raw))
    for index, step in enumerate(raw["steps"]):
        if step["role"] not in STEP_ROLES:
            problems.append(
                problem(
                    f"steps.{index}.role",
                    f"{step['role']!r} is not a role "
                    f"(one of {', '.join(sorted(STEP_ROLES))})",
                )
            )
    problems += list(_check_approval_chain(file, raw))
    form_problems = list(check_form(file, raw["form_schema"], raw["form_ui"]))
    problems += form_problems
    if not form_problems:
        problems += list(_check_output(file, raw))
        problems += list(_check_subject(file, raw))
    return problems


def _duplicates(
    file: str, key: str, items: list[dict[str, Any]]
) -> list[CatalogProblem]:
    counts = Counter(item["code"] for item in items)
    return [
        CatalogProblem(file, f"{key}.{index}.code", f"{item['code']!r} is used twice")
        for index, item in enumerate(items)
        if counts[item["code"]] > 1
    ]


def _check_approval_chain(file: str, raw: dict[str, Any]) -> Iterator[CatalogProblem]:
    """An application declares who signs it off (officer, agency head) in its steps;
    the other kinds are handled elsewhere and sign nothing off here."""
    signed = [
        (index, step) for index, step in enumerate(raw["steps"]) if step.get("sign_off")
    ]
    if raw.get("kind", KIND_APPLICATION) != KIND_APPLICATION:
        for index, _step in signed:
            yield CatalogProblem(
                file, f"steps.{index}.sign_off", "only applications are signed off"
            )
        return
    if raw["steps"] and not signed:
        yield CatalogProblem(
            file,
            "steps",
            "an application needs its approval chain: mark at least one step "
            "sign_off: true (the last one approves)",
        )
    for index, step in signed:
        if step["role"] in STEP_ROLES and step["role"] not in SIGN_OFF_ROLES:
            yield CatalogProblem(
                file,
                f"steps.{index}.role",
                "a sign-off step is signed by one of "
                + ", ".join(sorted(SIGN_OFF_ROLES)),
            )


def _check_kind(file: str, raw: dict[str, Any]) -> Iterator[CatalogProblem]:
    kind = raw.get("kind", KIND_APPLICATION)
    url = raw.get("external_url", "")
    if kind == KIND_APPLICATION:
        if url:
            yield CatalogProblem(
                file, "external_url", "only services of kind tax or report have one"
            )
        if not raw["steps"]:
            yield CatalogProblem(file, "steps", "an application needs at least a step")
    else:
        if not url.startswith(("/", "https://")):
            yield CatalogProblem(
                file,
                "external_url",
                f"a service of kind {kind} needs a path (/...) or an https:// address",
            )
        if raw.get("register_action"):
            yield CatalogProblem(
                file, "register_action", "only applications change the register"
            )


def check_form(
    file: str, form_schema: dict[str, Any], form_ui: dict[str, Any]
) -> Iterator[CatalogProblem]:
    """The form: a valid draft 2020-12 schema of flat fields, each labelled in id+en."""
    declared = form_schema.get("$schema")
    if declared is not None and declared != DRAFT_2020_12:
        yield CatalogProblem(file, "form_schema.$schema", f"must be {DRAFT_2020_12}")
    try:
        Draft202012Validator.check_schema(form_schema)
    except SchemaError as error:
        path = dotted(["form_schema", *error.path])
        yield CatalogProblem(file, path, _short(error))
        return
    if form_schema.get("type") != "object":
        yield CatalogProblem(file, "form_schema.type", "the form must be an object")
        return
    properties = form_schema.get("properties", {})
    for name, spec in properties.items():
        yield from _check_property(file, name, spec, form_ui.get(name))
    for index, name in enumerate(form_schema.get("required", [])):
        if name not in properties:
            yield CatalogProblem(
                file,
                f"form_schema.required.{index}",
                f"{name!r} is not a property of the form",
            )
    for name in form_ui:
        if name not in properties:
            yield CatalogProblem(
                file, f"form_ui.{name}", f"{name!r} is not a property of the form"
            )


def _short(error: SchemaError) -> str:
    """'strin' is not valid — the validator's verdict without the list of choices."""
    if error.validator in {"anyOf", "oneOf"}:
        return f"{error.instance!r} is not valid"
    return error.message


def _check_property(
    file: str, name: str, spec: Any, ui: dict[str, Any] | None
) -> Iterator[CatalogProblem]:
    where = f"form_schema.properties.{name}"
    if not isinstance(spec, dict):
        yield CatalogProblem(file, where, "each property must be a schema object")
        return
    kind = spec.get("type")
    if kind not in FIELD_TYPES:
        yield CatalogProblem(
            file,
            f"{where}.type",
            f"{kind!r} is not a form field type "
            f"(one of {', '.join(sorted(FIELD_TYPES))})",
        )
    fmt = spec.get("format")
    if fmt is not None and fmt not in STRING_FORMATS:
        yield CatalogProblem(
            file,
            f"{where}.format",
            f"{fmt!r} is not a supported format "
            f"(one of {', '.join(sorted(STRING_FORMATS))})",
        )
    if ui is None:
        yield CatalogProblem(
            file, f"form_ui.{name}", "every form property needs a label (id and en)"
        )
        return
    prefill = ui.get("prefill")
    if prefill is not None and prefill not in PREFILL_KEYS:
        yield CatalogProblem(
            file,
            f"form_ui.{name}.prefill",
            f"{prefill!r} is not a register field "
            f"(one of {', '.join(sorted(PREFILL_KEYS))})",
        )
    for value in ui.get("choices", {}):
        if value not in spec.get("enum", []):
            yield CatalogProblem(
                file,
                f"form_ui.{name}.choices.{value}",
                f"{value!r} is not in the property's enum",
            )


def _check_output(file: str, raw: dict[str, Any]) -> Iterator[CatalogProblem]:
    output = raw.get("output")
    if not output:
        return
    known = set(raw["form_schema"].get("properties", {})) | PREFILL_KEYS
    for index, name in enumerate(output.get("fields", [])):
        if name not in known:
            yield CatalogProblem(
                file,
                f"output.fields.{index}",
                f"{name!r} is neither a form property nor a register field",
            )


def _check_subject(file: str, raw: dict[str, Any]) -> Iterator[CatalogProblem]:
    """``subject`` names free-text form properties: what an application is about."""
    properties = raw["form_schema"].get("properties", {})
    for index, name in enumerate(raw.get("subject", [])):
        spec = properties.get(name)
        if spec is None:
            yield CatalogProblem(
                file, f"subject.{index}", f"{name!r} is not a form property"
            )
        elif spec.get("type") != "string" or "enum" in spec:
            yield CatalogProblem(
                file, f"subject.{index}", f"{name!r} must be a free-text property"
            )
