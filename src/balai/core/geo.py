# SPDX-License-Identifier: EUPL-1.2
"""Point helpers shared by apps that place things on a map (reports, Musrenbang):
validation of a typed point, great-circle distance and the bounding box that lets SQL
narrow "nearby" candidates before the exact distance is computed in Python.

The one copy: ``balai.reports.geo`` re-exports these for its own area geometry, and
Musrenbang uses them directly, so apps of one floor need not import each other.
"""

from __future__ import annotations

import math
import re
from typing import Any

EARTH_RADIUS_M = 6_371_008.8

_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\Z")


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bbox_around(lat: float, lon: float, radius_m: float) -> tuple[float, ...]:
    """(min_lat, max_lat, min_lon, max_lon) of a square that holds the circle."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    cos_lat = max(math.cos(math.radians(lat)), 1e-6)
    dlon = min(180.0, dlat / cos_lat)
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def validate_point(lat: Any, lon: Any) -> tuple[float, float] | None:
    """Floats in range, both or neither; raises ValueError ("both", "number",
    "range") on anything else."""
    if lat in (None, "") and lon in (None, ""):
        return None
    if lat in (None, "") or lon in (None, ""):
        raise ValueError("both")
    for value in (lat, lon):
        # ASCII only: float() would also read Arabic-Indic or full-width digits
        if isinstance(value, str) and not _DECIMAL.match(value.strip()):
            raise ValueError("number")
    try:
        flat, flon = float(lat), float(lon)
    except (TypeError, ValueError) as exc:
        raise ValueError("number") from exc
    if not (math.isfinite(flat) and math.isfinite(flon)):
        raise ValueError("number")
    if not (-90 <= flat <= 90 and -180 <= flon <= 180):
        raise ValueError("range")
    return flat, flon
