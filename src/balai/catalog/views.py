# SPDX-License-Identifier: EUPL-1.2
"""Public catalog pages: browse and search services, and one page per service."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from balai.catalog import selectors
from balai.catalog.definitions import ServiceDefinition
from balai.catalog.loader import catalog
from balai.core import pagecache

QUERY_MAX_LENGTH = 100


def apply_url(service: ServiceDefinition) -> str | None:
    """Where the "apply" button leads: the cases app's start page, or the feature a
    tax/report service points to; None while the cases app has no such page."""
    if not service.applies_online:
        return service.external_url or None
    try:
        return reverse("cases:application-start", kwargs={"slug": service.slug})
    except NoReverseMatch:
        return None


def _fingerprint() -> str:
    return catalog().fingerprint


@require_safe
@pagecache.public_page(_fingerprint)
@vary_on_headers("HX-Request")
def service_list(request: HttpRequest) -> HttpResponse:
    """Browse by life event and by agency; ``?q=`` searches (htmx: results only)."""
    query = request.GET.get("q", "").strip()[:QUERY_MAX_LENGTH]
    life_event = request.GET.get("peristiwa", "")
    events = dict(selectors.life_events())
    results = selectors.service_search(query, limit=20) if query else None
    by_agency = SimpleLazyObject(selectors.services_by_agency)
    names = SimpleLazyObject(lambda: selectors.agency_display_names(list(by_agency)))
    # Lazy: the browse fragment is cached (by catalogue fingerprint and language), so
    # its lists are built only when it is rendered anew.
    context = {
        "fingerprint": catalog().fingerprint,
        "query": query,
        "results": results,
        "agency_names": names,
        "life_event": life_event if life_event in events else "",
        "groups": SimpleLazyObject(
            lambda: [
                (code, events[code], selectors.services_by_life_event(code))
                for code in events
                if not life_event or code == life_event
            ]
        ),
        "agencies": SimpleLazyObject(
            lambda: [
                (code, names[code], services) for code, services in by_agency.items()
            ]
        ),
        "life_events": list(events.items()),
    }
    template = "catalog/service_list.html"
    if getattr(request, "htmx", False):
        template += "#results"
    return render(request, template, context)


@require_safe
@pagecache.public_page(_fingerprint)
def service_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Everything a citizen needs before applying; 404 for an unknown slug."""
    try:
        service = selectors.service_get(slug)
    except selectors.ServiceNotFound:
        raise Http404(slug) from None
    events = dict(selectors.life_events())
    context = {
        "fingerprint": catalog().fingerprint,  # the content fragment is cached by it
        "service": service,
        "agency_name": selectors.agency_display_names([service.agency])[service.agency],
        "apply_url": apply_url(service),
        "life_events": [(code, events[code]) for code in service.life_events],
        "required_documents": [r for r in service.requirements if r.required],
        "optional_documents": [r for r in service.requirements if not r.required],
    }
    return render(request, "catalog/service_detail.html", context)
