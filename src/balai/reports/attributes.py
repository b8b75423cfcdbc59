# SPDX-License-Identifier: EUPL-1.2
"""A category's Open311 attributes: their labels, checking values, showing them.

Known codes are validated by datatype and list membership; unknown codes are kept
as extra data (Open311 clients such as FixMyStreet send their own bookkeeping).
Informational attributes (``variable: false``) are never submitted and are ignored.
People see an attribute by its label (the definition's ``description``, in English
``description_en`` when there is one), never by its code: in error messages, on the
reporting form and on the officers' page.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from balai.core import formatting
from balai.core.errors import BalaiError
from balai.reports.constants import Datatype, ErrorCode
from balai.reports.dates import parse_w3c
from balai.reports.models import Category

NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
MAX_VALUE = 1000


def localised(item: dict[str, Any], key: str) -> str:
    """``item[key]``, or ``item[key + "_en"]`` on English pages when it is given."""
    if (get_language() or "id").startswith("en") and item.get(f"{key}_en"):
        return str(item[f"{key}_en"])
    return str(item.get(key) or "")


def attribute_label(definition: dict[str, Any]) -> str:
    """What people read for an attribute: its description, else a readable code."""
    label = localised(definition, "description").strip()
    if label:
        return label
    return str(definition.get("code", "")).replace("_", " ").replace("-", " ").strip()


def value_label(definition: dict[str, Any], key: str) -> str:
    """The name of a list value (``besar`` → "Besar (lebih dari 1 m)")."""
    for value in definition.get("values") or []:
        if str(value.get("key")) == str(key):
            return localised(value, "name") or str(key)
    return str(key)


def attribute_rows(category: Category, values: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, shown value) of a report's attributes, in the definition's order.

    Lists show their values' names, date-times the pages' one format, numbers as
    entered; codes the category does not define (sent by Open311 clients) follow,
    under their own code since there is no label for them.
    """
    rows: list[tuple[str, str]] = []
    defined: set[str] = set()
    for definition in category.attribute_definitions():
        code = str(definition["code"])
        defined.add(code)
        if code not in values or _present(values[code]) is None:
            continue
        rows.append((attribute_label(definition), _shown(definition, values[code])))
    for code, value in values.items():
        if code not in defined and _present(value) is not None:
            shown = ", ".join(map(str, value)) if isinstance(value, list) else value
            rows.append((str(code), str(shown)))
    return rows


def _shown(definition: dict[str, Any], value: Any) -> str:
    datatype = definition.get("datatype")
    if datatype in (Datatype.SINGLEVALUELIST, Datatype.MULTIVALUELIST):
        items = value if isinstance(value, list) else [value]
        return ", ".join(value_label(definition, item) for item in items)
    if datatype == Datatype.DATETIME:
        try:
            return formatting.format_moment(parse_w3c(str(value)))
        except ValueError:
            return str(value)
    if datatype == Datatype.NUMBER:
        return formatting.format_number(str(value))
    return str(value)


def clean_attributes(category: Category, raw: dict[str, Any] | None) -> dict[str, Any]:
    """Validated values by code (lists for multivaluelist); BalaiError naming codes."""
    values = {str(k): v for k, v in (raw or {}).items()}
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    known: set[str] = set()
    for definition in category.attribute_definitions():
        code = str(definition["code"])
        known.add(code)
        if definition.get("variable", True) is False:
            continue
        value = _present(values.get(code))
        if value is None:
            if definition.get("required"):
                errors[code] = [
                    _("“%(label)s” is required.")
                    % {"label": attribute_label(definition)}
                ]
            continue
        try:
            cleaned[code] = _check(definition, value)
        except ValueError as exc:
            errors[code] = [str(exc)]
    if errors:
        first = next(iter(errors.values()))[0]
        raise BalaiError(
            first,
            code=ErrorCode.INVALID_ATTRIBUTE,
            field_errors={f"attribute[{code}]": msgs for code, msgs in errors.items()},
        )
    for code, value in values.items():
        if code not in known and _present(value) is not None:
            cleaned[code] = _truncate(value)
    return cleaned


def _present(value: Any) -> Any:
    """None for missing or empty values (an empty optional argument is absent)."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        items = [str(v) for v in value if str(v).strip() != ""]
        return items or None
    text = str(value)
    return text if text.strip() else None


def _truncate(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [str(v)[:MAX_VALUE] for v in value][:50]
    return str(value)[:MAX_VALUE]


def _check(definition: dict[str, Any], value: Any) -> Any:
    label = attribute_label(definition)
    datatype = definition["datatype"]
    keys = {str(v.get("key")) for v in definition.get("values") or []}
    if datatype == Datatype.MULTIVALUELIST:
        items = value if isinstance(value, list) else [value]
        bad = [item for item in items if item not in keys]
        if bad:
            raise ValueError(
                _("“%(label)s”: %(value)s is not one of the answers offered.")
                % {"label": label, "value": ", ".join(bad)[:100]}
            )
        return list(dict.fromkeys(items))
    if isinstance(value, list):
        if len(value) != 1:
            raise ValueError(_("“%(label)s” takes one answer.") % {"label": label})
        value = value[0]
    text = str(value)[:MAX_VALUE]
    if datatype == Datatype.SINGLEVALUELIST and text not in keys:
        raise ValueError(
            _("“%(label)s”: %(value)s is not one of the answers offered.")
            % {"label": label, "value": text[:100]}
        )
    if datatype == Datatype.NUMBER and not NUMBER.match(text.strip()):
        raise ValueError(
            _("“%(label)s” must be a number, such as 12 or 2.5.") % {"label": label}
        )
    if datatype == Datatype.DATETIME:
        try:
            parse_w3c(text)
        except ValueError:
            raise ValueError(
                _(
                    "“%(label)s” must be a date and time with its zone, such as "
                    "2025-03-01T09:30:00+07:00."
                )
                % {"label": label}
            ) from None
    if datatype == Datatype.STRING and ("\n" in text or "\r" in text):
        raise ValueError(_("“%(label)s” must be a single line.") % {"label": label})
    return text.strip() if datatype == Datatype.NUMBER else text
