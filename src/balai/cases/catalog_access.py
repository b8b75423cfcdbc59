# SPDX-License-Identifier: EUPL-1.2
"""The one place where cases reads the catalog and the working-day calendar.

Cases never parses service YAML: definitions, their forms and their validation come
from ``balai.catalog`` (selectors and forms), service times from
``balai.core.workdays``. Keeping every call here gives tests one seam
(:func:`use_definitions`) to add definitions of their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django import forms

from balai.catalog.definitions import ServiceDefinition

_extra: dict[str, ServiceDefinition] = {}


def service_get(slug: str) -> ServiceDefinition:
    """The definition of ``slug``; raises the catalog's ``ServiceNotFound``."""
    if slug in _extra:
        return _extra[slug]
    from balai.catalog.selectors import service_get as catalog_service_get

    return catalog_service_get(slug)


def service_list() -> list[ServiceDefinition]:
    from balai.catalog.selectors import service_list as catalog_service_list

    found = {service.slug: service for service in catalog_service_list()}
    found.update(_extra)
    return list(found.values())


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


def add_working_days(start: dt.date, days: int) -> dt.date:
    from balai.core.workdays import add_working_days as workdays_add

    return workdays_add(start, days)


def working_days_between(a: dt.date, b: dt.date) -> int:
    from balai.core.workdays import working_days_between as workdays_between

    return workdays_between(a, b)


@contextmanager
def use_definitions(*definitions: ServiceDefinition) -> Iterator[None]:
    """Make ``definitions`` resolvable by slug for the duration (tests, benchmarks)."""
    saved = dict(_extra)
    _extra.update({definition.slug: definition for definition in definitions})
    try:
        yield
    finally:
        _extra.clear()
        _extra.update(saved)
