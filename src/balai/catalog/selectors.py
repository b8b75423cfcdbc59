# SPDX-License-Identifier: EUPL-1.2
"""Reads of the catalog: the only way other apps get service definitions.

Definitions come from the YAML files (``loader.catalog()``, cached per process), never
from the database, so these functions run no query except ``agency_display_names``.
"""

from __future__ import annotations

from typing import Any

from balai.catalog.constants import AGENCY_NAMES, LIFE_EVENTS, ErrorCode
from balai.catalog.definitions import ServiceDefinition, Text
from balai.catalog.errors import ServiceNotFound
from balai.catalog.loader import CatalogLoad, catalog
from balai.catalog.search import SearchIndex

__all__ = [
    "ServiceNotFound",
    "agency_display_names",
    "life_events",
    "service_get",
    "service_list",
    "service_search",
    "services_by_agency",
    "services_by_life_event",
]

_sorted: dict[int, tuple[CatalogLoad, list[ServiceDefinition], SearchIndex]] = {}


def _current() -> tuple[list[ServiceDefinition], SearchIndex]:
    """The sorted services and their search index, rebuilt when the catalog reloads."""
    loaded = catalog()
    cached = _sorted.get(id(loaded))
    if cached is None or cached[0] is not loaded:
        services = sorted(loaded.services.values(), key=lambda s: s.name.id.lower())
        _sorted.clear()
        cached = (loaded, services, SearchIndex.build(services))
        _sorted[id(loaded)] = cached
    return cached[1], cached[2]


def service_list() -> list[ServiceDefinition]:
    """Every service of the catalog, sorted by Indonesian name."""
    return list(_current()[0])


def service_get(slug: str) -> ServiceDefinition:
    """The service with this slug; raises ServiceNotFound (a BalaiError, status 404)."""
    service = catalog().services.get(slug)
    if service is None:
        raise ServiceNotFound(
            f"No service has the slug {slug!r}.", code=ErrorCode.SERVICE_NOT_FOUND
        )
    return service


def service_search(query: str, *, limit: int = 10) -> list[ServiceDefinition]:
    """Services matching everyday words, slang and typos, best first."""
    return _current()[1].search(query[:200], limit)


def life_events() -> list[tuple[str, Text]]:
    """The life events citizens browse by (code, name), in display order."""
    return list(LIFE_EVENTS.items())


def services_by_life_event(code: str) -> list[ServiceDefinition]:
    """Services attached to a life event, by Indonesian name; [] for unknown codes."""
    return [service for service in service_list() if code in service.life_events]


def services_by_agency() -> dict[str, list[ServiceDefinition]]:
    """Services grouped by responsible agency code (codes sorted)."""
    grouped: dict[str, list[ServiceDefinition]] = {}
    for service in service_list():
        grouped.setdefault(service.agency, []).append(service)
    return dict(sorted(grouped.items()))


def agency_display_names(codes: list[str] | None = None) -> dict[str, Any]:
    """Display name per agency code: the built-in bilingual name (a Text) when the
    catalog knows the code, else the database's Agency.name, else the code itself.

    Runs one query only when a code is not built in.
    """
    from django.apps import apps

    wanted = set(codes) if codes is not None else set(services_by_agency())
    names: dict[str, Any] = {
        code: AGENCY_NAMES[code] for code in wanted & set(AGENCY_NAMES)
    }
    unknown = wanted - set(names)
    if unknown:
        names.update(dict.fromkeys(unknown, ""))
        agency_model = apps.get_model("accounts", "Agency")
        rows = agency_model.objects.filter(code__in=unknown).values_list("code", "name")
        names.update(dict(rows))
        names.update({code: code for code in unknown if not names[code]})
    return names
