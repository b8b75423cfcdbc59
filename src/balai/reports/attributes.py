# SPDX-License-Identifier: EUPL-1.2
"""Checking submitted attribute values against a category's service definition.

Known codes are validated by datatype and list membership; unknown codes are kept
as extra data (Open311 clients such as FixMyStreet send their own bookkeeping).
Informational attributes (``variable: false``) are never submitted and are ignored.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from balai.core.errors import BalaiError
from balai.reports.constants import Datatype, ErrorCode
from balai.reports.dates import parse_w3c
from balai.reports.models import Category

NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
MAX_VALUE = 1000


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
                errors[code] = [_("Attribute %(code)s is required.") % {"code": code}]
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
    code = definition["code"]
    datatype = definition["datatype"]
    keys = {str(v.get("key")) for v in definition.get("values") or []}
    if datatype == Datatype.MULTIVALUELIST:
        items = value if isinstance(value, list) else [value]
        bad = [item for item in items if item not in keys]
        if bad:
            raise ValueError(
                _("Attribute %(code)s: %(value)s is not one of the allowed values.")
                % {"code": code, "value": ", ".join(bad)[:100]}
            )
        return list(dict.fromkeys(items))
    if isinstance(value, list):
        if len(value) != 1:
            raise ValueError(_("Attribute %(code)s takes one value.") % {"code": code})
        value = value[0]
    text = str(value)[:MAX_VALUE]
    if datatype == Datatype.SINGLEVALUELIST and text not in keys:
        raise ValueError(
            _("Attribute %(code)s: %(value)s is not one of the allowed values.")
            % {"code": code, "value": text[:100]}
        )
    if datatype == Datatype.NUMBER and not NUMBER.match(text.strip()):
        raise ValueError(
            _("Attribute %(code)s must be a number (use . as the decimal separator).")
            % {"code": code}
        )
    if datatype == Datatype.DATETIME:
        try:
            parse_w3c(text)
        except ValueError:
            raise ValueError(
                _(
                    "Attribute %(code)s must be a date-time such as "
                    "2025-03-01T09:30:00+07:00."
                )
                % {"code": code}
            ) from None
    if datatype == Datatype.STRING and ("\n" in text or "\r" in text):
        raise ValueError(
            _("Attribute %(code)s must be a single line.") % {"code": code}
        )
    return text.strip() if datatype == Datatype.NUMBER else text
