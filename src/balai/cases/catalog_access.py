# SPDX-License-Identifier: EUPL-1.2
"""The one place where cases reads the catalog.

Cases never parses service YAML: definitions, their forms and their validation come
from ``balai.catalog`` (selectors and forms), from the folder ``BALAI_CATALOG_DIR``
names (tests point it at the shipped services plus their own, see
``cases/tests/catalog.py``). Service times are ``balai.core.sla``'s.
"""

from __future__ import annotations

from typing import Any

from django import forms

from balai.catalog.definitions import ServiceDefinition


def service_get(slug: str) -> ServiceDefinition:
    """The definition of ``slug``; raises the catalog's ``ServiceNotFound``."""
    from balai.catalog.selectors import service_get as catalog_service_get

    return catalog_service_get(slug)


def service_list() -> list[ServiceDefinition]:
    from balai.catalog.selectors import service_list as catalog_service_list

    return catalog_service_list()


def application_form(
    service: ServiceDefinition,
    *,
    data: Any = None,
    files: Any = None,
    initial: dict[str, Any] | None = None,
) -> forms.Form:
    from balai.catalog.forms import application_form as catalog_form

    return catalog_form(service, data=data, files=files, initial=initial)


def validate_answers(
    service: ServiceDefinition, answers: dict[str, Any]
) -> dict[str, list[str]]:
    from balai.catalog.forms import validate_answers as catalog_validate

    return catalog_validate(service, answers)


def prefill_initial(
    service: ServiceDefinition, register_values: dict[str, Any]
) -> dict[str, Any]:
    from balai.catalog.forms import prefill_initial as catalog_prefill

    return catalog_prefill(service, register_values)
