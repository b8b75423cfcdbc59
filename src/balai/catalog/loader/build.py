# SPDX-License-Identifier: EUPL-1.2
"""Turn one checked YAML mapping into the frozen objects of ``definitions.py``."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from balai.catalog.constants import KIND_APPLICATION
from balai.catalog.definitions import (
    Condition,
    DocumentRequirement,
    Fee,
    OutputDocument,
    ServiceDefinition,
    Text,
    WorkflowStep,
)


def text(value: dict[str, str] | None) -> Text | None:
    return Text(value["id"].strip(), value["en"].strip()) if value else None


def _text(value: dict[str, str]) -> Text:
    return Text(value["id"].strip(), value["en"].strip())


def _requirement(raw: dict[str, Any]) -> DocumentRequirement:
    defaults = DocumentRequirement(code="", name=Text("", ""))
    return DocumentRequirement(
        code=raw["code"],
        name=_text(raw["name"]),
        required=raw.get("required", True),
        content_types=tuple(raw.get("content_types", defaults.content_types)),
        max_bytes=raw.get("max_bytes", defaults.max_bytes),
        note=text(raw.get("note")),
    )


def _step(raw: dict[str, Any]) -> WorkflowStep:
    return WorkflowStep(
        code=raw["code"],
        name=_text(raw["name"]),
        role=raw["role"],
        description=text(raw.get("description")),
        sign_off=raw.get("sign_off", False),
    )


def _form_ui(raw: dict[str, Any]) -> dict[str, Any]:
    """Labels, help and choice labels become Text; the other keys stay as written."""
    ui: dict[str, Any] = {}
    for name, entry in raw.items():
        item: dict[str, Any] = {
            "label": _text(entry["label"]),
            "help": text(entry.get("help")),
            "prefill": entry.get("prefill", ""),
            "widget": entry.get("widget", ""),
            "choices": {
                value: _text(label) for value, label in entry.get("choices", {}).items()
            },
            "error": text(entry.get("error")),
        }
        ui[name] = item
    return ui


def _output(raw: dict[str, Any] | None) -> OutputDocument | None:
    if not raw:
        return None
    return OutputDocument(
        template=raw["template"],
        title=_text(raw["title"]),
        fields=tuple(raw.get("fields", ())),
    )


def build_service(raw: dict[str, Any]) -> ServiceDefinition:
    """A ServiceDefinition from a mapping that passed every check."""
    fee = raw["fee"]
    return ServiceDefinition(
        slug=raw["slug"],
        name=_text(raw["name"]),
        summary=_text(raw["summary"]),
        description=_text(raw["description"]),
        agency=raw["agency"],
        life_events=tuple(raw["life_events"]),
        keywords=tuple(keyword.strip() for keyword in raw.get("keywords", ())),
        requirements=tuple(_requirement(item) for item in raw["requirements"]),
        conditions=tuple(Condition(_text(item)) for item in raw.get("conditions", ())),
        fee=Fee(
            amount=Decimal(fee["amount"]),
            basis=text(fee.get("basis")),
            formula=fee.get("formula", ""),
        ),
        legal_basis=tuple(raw["legal_basis"]),
        sla_working_days=raw["sla_working_days"],
        form_schema=copy.deepcopy(raw["form_schema"]),
        form_ui=_form_ui(raw["form_ui"]),
        steps=tuple(_step(item) for item in raw["steps"]),
        output=_output(raw.get("output")),
        kind=raw.get("kind", KIND_APPLICATION),
        register_action=raw.get("register_action", ""),
        external_url=raw.get("external_url", ""),
        channels=tuple(raw.get("channels", ("online",))),
        extra=copy.deepcopy(raw.get("extra", {})),
        version=raw.get("version", 1),
        subject=tuple(raw.get("subject", ())),
    )
