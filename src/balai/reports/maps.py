# SPDX-License-Identifier: EUPL-1.2
"""What every map of reports draws on, with or without a tile server.

Without tiles (an intranet, no internet, ``BALAI_MAP_TILE_URL`` empty) a map still
draws: Leaflet over the boundaries Balai holds, which are the routing areas (their
polygons, named, each tied to a kecamatan or kelurahan code), with the pins on top.
A configured tile server lies beneath them. The areas are served as GeoJSON from
one URL, which the reporting app's service worker keeps for offline use.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from balai.reports.geo import parse_area_geojson
from balai.reports.models import Area

LEAFLET = "reports/vendor/leaflet/"


def map_settings() -> dict[str, str]:
    """Context for a map box: tiles (maybe none), centre, areas, Leaflet's files."""
    latitude, longitude = settings.MAP_DEFAULT_CENTER
    return {
        "tile_url": getattr(settings, "MAP_TILE_URL", "") or "",
        "tile_attribution": getattr(settings, "MAP_TILE_ATTRIBUTION", "") or "",
        "center": f"{latitude},{longitude}",
        "areas_url": reverse("reports:public-areas"),
        "leaflet_js": static(f"{LEAFLET}leaflet.js"),
        "leaflet_css": static(f"{LEAFLET}leaflet.css"),
        "leaflet_images": static(f"{LEAFLET}images/marker-icon.png").rsplit("/", 1)[0]
        + "/",
    }


def area_collection() -> dict[str, Any]:
    """The active areas as one GeoJSON FeatureCollection (name, code, region)."""
    features = []
    for area in Area.objects.filter(is_active=True).order_by("name"):
        try:
            shape = parse_area_geojson(area.geojson)
        except ValueError:
            continue  # admin validation keeps these out; never break the map
        features.append(
            {
                "type": "Feature",
                "geometry": json.loads(json.dumps(shape.__geo_interface__)),
                "properties": {
                    "code": area.code,
                    "name": area.name,
                    "region_code": area.region_code,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
