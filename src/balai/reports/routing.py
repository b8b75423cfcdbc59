# SPDX-License-Identifier: EUPL-1.2
"""Routing: which agency gets a report, and which village it lies in.

The regions table has no polygons, so a report's region comes from the admin's
areas: the region code of the (smallest) area containing the point, else the code
the citizen picked, else empty. Rules are then tried in order: category (or every
category) + area containing the point, or a region-code prefix matching the report's
region, or neither (anywhere). No match leaves the agency empty: the triage queue.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from balai.reports.geo import contains
from balai.reports.models import Area, Category, RoutingRule


@dataclass(frozen=True)
class Route:
    agency_id: object | None
    rule_id: object | None
    region_code: str


def areas_at(lat: float | None, lon: float | None) -> list[Area]:
    """Active areas containing the point, smallest bounding box first."""
    if lat is None or lon is None:
        return []
    candidates = Area.objects.filter(
        is_active=True,
        min_lat__lte=lat,
        max_lat__gte=lat,
        min_lon__lte=lon,
        max_lon__gte=lon,
    )
    found = [area for area in candidates if contains(area, lat, lon)]
    found.sort(key=lambda a: (a.max_lat - a.min_lat) * (a.max_lon - a.min_lon))
    return found


def route(
    *,
    category: Category,
    lat: float | None,
    lon: float | None,
    region_code: str = "",
) -> Route:
    """The agency (or None for triage) and the region code of a new report."""
    areas = areas_at(lat, lon)
    area_ids = {area.pk for area in areas}
    region = next((a.region_code for a in areas if a.region_code), "") or region_code
    rules = RoutingRule.objects.filter(
        Q(category__isnull=True) | Q(category=category),
        is_active=True,
        agency__is_active=True,
    ).order_by("order", "created_at")
    for candidate in rules:
        if candidate.area_id is not None:
            if candidate.area_id in area_ids:
                return Route(candidate.agency_id, candidate.pk, region)
            continue
        if candidate.region_prefix:
            if region and region.startswith(candidate.region_prefix):
                return Route(candidate.agency_id, candidate.pk, region)
            continue
        return Route(candidate.agency_id, candidate.pk, region)
    return Route(None, None, region)
