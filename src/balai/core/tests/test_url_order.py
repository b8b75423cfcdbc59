# SPDX-License-Identifier: EUPL-1.2
"""The API's routes are resolved before the pages' (balai/urls.py, for speed: an API
call no longer tests every page route first). The order must change the meaning of
no path: every route resolves to the same view with the same arguments as in the
old order (pages first; in the API, the exchange after regions and accounts), and
every name reverses to the same patterns."""

from __future__ import annotations

import re
import types
import uuid
from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, include, path
from django.urls.resolvers import Resolver404, RoutePattern, get_resolver

import pytest

from balai import urls

SAMPLES = {
    "int": "7",
    "slug": "a-slug",
    "str": "a-name",
    "uuid": str(uuid.UUID(int=7)),
    "path": "a/b",
}
# paths no route names on its own: unknown API paths, versions, the bare prefixes
PROBES = [
    "",
    "api",
    "api/",
    "api/v1/",
    "api/v1/nothing/",
    "api/v1/registry/",
    "api/v1/registry/nothing/",
    "api/v1/registry/residents/lookup",
    "api/v2/registry/residents/lookup/",
    "api/schema",
    "apis/",
    "nothing/",
    "admin/",
    "healthz",
]


def _old_order() -> types.ModuleType:
    """The URLconf as it was: pages first, then the API, whose exchange routes
    came after the regions' and accounts' (the same pattern objects)."""
    ping, registry, regions, accounts, *rest = urls.api_v1
    assert str(ping.pattern) == "ping/" and str(registry.pattern) == "registry/"
    assert (
        isinstance(regions, URLResolver)
        and regions.urlconf_name.__name__ == "balai.regions.api.urls"
    )
    assert (
        isinstance(accounts, URLResolver)
        and accounts.urlconf_name.__name__ == "balai.accounts.api.urls"
    )
    old_api_v1 = [ping, regions, accounts, registry, *rest]
    first, *other_api = urls.api_urlpatterns
    assert str(first.pattern) == "api/v1/"
    module = types.ModuleType("balai_urls_old_order")
    module.urlpatterns = [  # type: ignore[attr-defined]
        *urls.page_urlpatterns,
        path("api/v1/", include(old_api_v1)),
        *other_api,
    ]
    return module


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    """A sample path for every route written with ``path()`` (converters filled
    in); routes under a regular expression are covered by ``PROBES``."""
    for pattern in patterns:
        if not isinstance(pattern.pattern, RoutePattern):
            continue
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        else:
            assert isinstance(pattern, URLPattern)
            yield re.sub(
                r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], route
            )


def _meaning(resolver: URLResolver, path_info: str) -> tuple[Any, ...] | None:
    try:
        match = resolver.resolve("/" + path_info)
    except Resolver404:
        return None
    return (
        match.func,
        match.args,
        match.kwargs,
        match.url_name,
        match.namespaces,
        match.route,
    )


@pytest.fixture(scope="module")
def resolvers() -> tuple[URLResolver, URLResolver]:
    return get_resolver(_old_order()), get_resolver(urls)


def test_every_route_and_probe_means_what_it_meant(resolvers):
    old, new = resolvers
    paths = sorted({*_routes(urls.urlpatterns), *PROBES})
    assert len(paths) > 300  # every page and API route is in the sample
    changed = [p for p in paths if _meaning(old, p) != _meaning(new, p)]
    assert not changed
    # the exchange lookup and ping resolve, as before, and unknown API paths stay
    # the API's problem+json 404
    assert _meaning(new, "api/v1/registry/residents/lookup/")[3] == "resident-fetch"
    assert _meaning(new, "api/v1/ping/")[3] == "api-ping"
    assert _meaning(new, "api/v1/nothing/")[0].__name__ == "api_not_found"


def test_every_name_reverses_to_the_same_patterns(resolvers):
    old, new = resolvers

    def names(resolver: URLResolver) -> dict[str, list[Any]]:
        return {
            key: [possibility[1] for possibility in resolver.reverse_dict.getlist(key)]
            for key in resolver.reverse_dict
            if isinstance(key, str)
        }

    assert names(old) == names(new)
    assert set(old.namespace_dict) == set(new.namespace_dict)


def test_no_page_route_can_take_a_path_under_api(resolvers):
    """Why the order is free: no page route starts with a converter or a regular
    expression that could match "api/…" (the home page is the empty route)."""
    for route in _routes(urls.page_urlpatterns):
        assert route == "" or not route.startswith("api"), route
    first_segments = {str(pattern.pattern) for pattern in urls.page_urlpatterns} - {""}
    assert all(re.match(r"^[a-z0-9][a-z0-9/_.-]*$", s) for s in first_segments)
