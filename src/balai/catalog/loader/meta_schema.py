# SPDX-License-Identifier: EUPL-1.2
"""The meta-schema: the JSON Schema (draft 2020-12) every service YAML file must match.

It checks shape only (keys, types, formats of codes); the rules that need more than one
field or outside knowledge (slug = file name, a valid form schema, labels for every form
property, known prefill keys ...) live in ``checks.py``.
"""

from __future__ import annotations

from typing import Any

from balai.catalog.constants import CHANNELS, KINDS, LIFE_EVENTS, REGISTER_ACTIONS

CODE_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
AGENCY_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
FORM_FIELD_PATTERN = r"^[a-z][a-z0-9_]*$"

TEXT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "minLength": 1},
        "en": {"type": "string", "minLength": 1},
    },
    "required": ["id", "en"],
    "additionalProperties": False,
}

REQUIREMENT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "pattern": CODE_PATTERN},
        "name": {"$ref": "#/$defs/text"},
        "required": {"type": "boolean"},
        "content_types": {
            "type": "array",
            "items": {"enum": ["application/pdf", "image/jpeg", "image/png"]},
            "minItems": 1,
            "uniqueItems": True,
        },
        "max_bytes": {"type": "integer", "minimum": 1024, "maximum": 20 * 1024 * 1024},
        "note": {"$ref": "#/$defs/text"},
    },
    "required": ["code", "name"],
    "additionalProperties": False,
}

STEP: dict[str, Any] = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "pattern": CODE_PATTERN},
        "name": {"$ref": "#/$defs/text"},
        "role": {"type": "string"},
        "description": {"$ref": "#/$defs/text"},
        "sign_off": {"type": "boolean"},
    },
    "required": ["code", "name", "role"],
    "additionalProperties": False,
}

FORM_UI_ENTRY: dict[str, Any] = {
    "type": "object",
    "properties": {
        "label": {"$ref": "#/$defs/text"},
        "help": {"$ref": "#/$defs/text"},
        "prefill": {"type": "string"},
        "widget": {"enum": ["text", "textarea", "select", "radio", "checkbox"]},
        "choices": {
            "type": "object",
            "additionalProperties": {"$ref": "#/$defs/text"},
        },
        "error": {"$ref": "#/$defs/text"},
    },
    "required": ["label"],
    "additionalProperties": False,
}

META_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://balai.go.id/schemas/catalog-service.json",
    "title": "Balai service definition",
    "type": "object",
    "$defs": {"text": TEXT},
    "properties": {
        "slug": {"type": "string", "pattern": CODE_PATTERN, "maxLength": 60},
        "version": {"type": "integer", "minimum": 1},
        "name": {"$ref": "#/$defs/text"},
        "summary": {"$ref": "#/$defs/text"},
        "description": {"$ref": "#/$defs/text"},
        "agency": {"type": "string", "pattern": AGENCY_PATTERN, "maxLength": 40},
        "life_events": {
            "type": "array",
            "items": {"enum": list(LIFE_EVENTS)},
            "minItems": 1,
            "uniqueItems": True,
        },
        "keywords": {
            "type": "array",
            "items": {"type": "string", "minLength": 2},
            "uniqueItems": True,
        },
        "requirements": {"type": "array", "items": REQUIREMENT},
        "conditions": {"type": "array", "items": {"$ref": "#/$defs/text"}},
        "fee": {
            "type": "object",
            "properties": {
                "amount": {"type": "integer", "minimum": 0},
                "basis": {"$ref": "#/$defs/text"},
                "formula": {
                    "type": "string",
                    "pattern": r"^([a-z0-9]+(-[a-z0-9]+)*)?$",
                },
            },
            "required": ["amount"],
            "additionalProperties": False,
        },
        "legal_basis": {
            "type": "array",
            "items": {"type": "string", "minLength": 3},
            "minItems": 1,
        },
        "sla_working_days": {"type": "integer"},
        "form_schema": {"type": "object"},
        "form_ui": {
            "type": "object",
            "propertyNames": {"pattern": FORM_FIELD_PATTERN},
            "additionalProperties": FORM_UI_ENTRY,
        },
        "steps": {"type": "array", "items": STEP},
        "output": {
            "type": ["object", "null"],
            "properties": {
                "template": {"type": "string", "pattern": CODE_PATTERN},
                "title": {"$ref": "#/$defs/text"},
                "fields": {"type": "array", "items": {"type": "string"}},
            },
            "required": ["template", "title"],
            "additionalProperties": False,
        },
        "kind": {"enum": list(KINDS)},
        "register_action": {"enum": ["", *REGISTER_ACTIONS]},
        "external_url": {"type": "string"},
        "channels": {
            "type": "array",
            "items": {"enum": sorted(CHANNELS)},
            "minItems": 1,
            "uniqueItems": True,
        },
        "extra": {"type": "object"},
        "subject": {
            "type": "array",
            "items": {"type": "string", "pattern": FORM_FIELD_PATTERN},
            "uniqueItems": True,
        },
    },
    "required": [
        "slug",
        "name",
        "summary",
        "description",
        "agency",
        "life_events",
        "requirements",
        "fee",
        "legal_basis",
        "sla_working_days",
        "form_schema",
        "form_ui",
        "steps",
    ],
    "additionalProperties": False,
}
