# SPDX-License-Identifier: EUPL-1.2
"""Geometry helpers: GeoJSON areas (shapely), point-in-area, distances.

The database holds areas as GeoJSON text plus bounding boxes, so SQLite and a plain
PostgreSQL both work without PostGIS: a bbox filter in SQL narrows the candidates and
shapely decides. Parsed, prepared geometries are cached per process and keyed by the
area's id and ``updated_at``, so an edited area is re-read.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _

from shapely.geometry import MultiPolygon, Point, Polygon, shape
from shapely.geometry.base import BaseGeometry
from shapely.prepared import PreparedGeometry, prep

# points, distances and boxes are the project's one copy in ``balai.core.geo``
from balai.core.geo import EARTH_RADIUS_M as EARTH_RADIUS_M
from balai.core.geo import bbox_around as bbox_around
from balai.core.geo import haversine_m as haversine_m
from balai.core.geo import validate_point as validate_point


def parse_area_geojson(text: str) -> BaseGeometry:
    """A valid (Multi)Polygon from GeoJSON geometry, Feature or FeatureCollection."""
    try:
        data: Any = json.loads(text)
    except (TypeError, ValueError) as exc:
        raise ValueError(_("This is not valid JSON.")) from exc
    geometries = _geometries(data)
    if not geometries:
        raise ValueError(_("Give a Polygon or MultiPolygon."))
    polygons: list[Polygon] = []
    for geometry in geometries:
        try:
            parsed = shape(geometry)
        except Exception as exc:  # shapely raises many kinds on bad input
            raise ValueError(_("The geometry cannot be read.")) from exc
        if isinstance(parsed, Polygon):
            polygons.append(parsed)
        elif isinstance(parsed, MultiPolygon):
            polygons.extend(parsed.geoms)
        else:
            raise ValueError(_("Only Polygon and MultiPolygon geometries are allowed."))
    result = polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)
    if result.is_empty or not result.is_valid:
        raise ValueError(_("The polygon is empty or crosses itself."))
    min_lon, min_lat, max_lon, max_lat = result.bounds
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise ValueError(_("Coordinates must be WGS84 longitude, latitude."))
    return result


def _geometries(data: Any) -> list[dict[str, Any]]:
    if not isinstance(data, dict):
        return []
    kind = data.get("type")
    if kind == "FeatureCollection":
        found: list[dict[str, Any]] = []
        for feature in data.get("features") or []:
            found.extend(_geometries(feature))
        return found
    if kind == "Feature":
        return _geometries(data.get("geometry"))
    if kind in {"Polygon", "MultiPolygon"}:
        return [data]
    if kind:
        raise ValueError(_("Only Polygon and MultiPolygon geometries are allowed."))
    return []


@lru_cache(maxsize=512)
def prepared_area(area_id: str, version: str, geojson: str) -> PreparedGeometry:
    """The prepared geometry of one area version (cached; ``version`` busts it)."""
    return prep(parse_area_geojson(geojson))


def contains(area: Any, lat: float, lon: float) -> bool:
    """Is the point inside ``area`` (boundary included)?"""
    geometry = prepared_area(str(area.pk), area.updated_at.isoformat(), area.geojson)
    point = Point(lon, lat)
    return bool(geometry.contains(point) or geometry.intersects(point))
