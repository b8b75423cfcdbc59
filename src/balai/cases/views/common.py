# SPDX-License-Identifier: EUPL-1.2
"""Helpers the cases pages share: loading with 404s, errors into forms."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest

from balai.cases import catalog_access, selectors
from balai.cases.models import Application
from balai.catalog.definitions import ServiceDefinition
from balai.core import formatting
from balai.core.errors import BalaiError


def load(request: HttpRequest, application_id: uuid.UUID) -> Application:
    """An application the user may see, else 404 (staff reads are audited)."""
    return selectors.application_get(user=request.user, application_id=application_id)


def load_own(request: HttpRequest, application_id: uuid.UUID) -> Application:
    """The signed-in citizen's own application, else 404."""
    application = load(request, application_id)
    if application.applicant_id != request.user.pk:
        raise Http404("not the applicant")
    return application


def service_of(application: Application) -> ServiceDefinition:
    try:
        return catalog_access.service_get(application.service_slug)
    except BalaiError as exc:
        raise Http404(exc.message) from exc


def flash_error(request: HttpRequest, exc: BalaiError) -> None:
    messages.error(request, exc.message)
    for field_messages in exc.field_errors.values():
        for message in field_messages:
            if message != exc.message:
                messages.error(request, message)


def answer_rows(
    service: ServiceDefinition, answers: dict[str, Any]
) -> list[tuple[str, str]]:
    """(label, shown value) for each answer, in the form's order, labels translated."""
    return [(label, shown) for _name, label, shown in answer_items(service, answers)]


def answer_items(
    service: ServiceDefinition, answers: dict[str, Any]
) -> list[tuple[str, str, str]]:
    """(form field name, label, shown value) for each answer, in the form's order."""
    order = list((service.form_schema.get("properties") or {}).keys())
    names = order + [name for name in answers if name not in order]
    rows = []
    for name in names:
        if name not in answers:
            continue
        ui = service.form_ui.get(name) or {}
        label = ui.get("label") or name
        raw = answers[name]
        choices = ui.get("choices") or {}
        if isinstance(raw, bool):
            shown = str(_yes_no(raw))
        elif str(raw) in choices:
            shown = str(choices[str(raw)])
        elif isinstance(raw, list):
            shown = ", ".join(str(item) for item in raw)
        else:
            shown = _shown(raw, service.form_schema.get("properties", {}).get(name))
        rows.append((name, str(label), shown or "—"))
    return rows


def _shown(raw: Any, schema: dict[str, Any] | None) -> str:
    """Numbers as entered (49, not 49.0) and dates in the pages' one format."""
    kind = (schema or {}).get("type")
    if kind in ("number", "integer") or isinstance(raw, int | float):
        return formatting.format_number(raw)
    if (schema or {}).get("format") in ("date", "date-time"):
        return formatting.format_moment(raw) or str(raw)
    return "" if raw is None else str(raw)


def _yes_no(value: bool) -> Any:
    from django.utils.translation import gettext

    return gettext("Yes") if value else gettext("No")
