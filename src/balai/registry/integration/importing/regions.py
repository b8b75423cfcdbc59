# SPDX-License-Identifier: EUPL-1.2
"""Region lookups for one import, cached: villages by code or name, NIK districts.

A file of 100,000 rows names a few hundred villages at most, so every distinct
question is asked of the regions app once (through its selectors) and remembered.
"""

from __future__ import annotations

from functools import lru_cache

from balai.regions.models import Region
from balai.regions.normalise import dotted_region_code, normalise_region_name
from balai.regions.selectors import district_for_nik_prefix, region_get, region_search
from balai.registry.integration.importing.codes import (
    AMBIGUOUS_VILLAGE,
    RETIRED_REGION_CODE,
    UNKNOWN_REGION_CODE,
    UNKNOWN_VILLAGE,
)

CACHE_SIZE = 4096
Answer = tuple[str, str | None]  # (dotted village code or "", problem code or None)


class RegionLookup:
    """Village and district answers for one import (``within`` narrows name search)."""

    def __init__(self, within: str = "") -> None:
        self.within = dotted_region_code(within) if within else None
        self.village_by_code = lru_cache(CACHE_SIZE)(self._village_by_code)
        self.village_by_name = lru_cache(CACHE_SIZE)(self._village_by_name)
        self.nik_district = lru_cache(CACHE_SIZE)(self._nik_district)

    @staticmethod
    def _village_by_code(code: str) -> Answer:
        region = region_get(code)
        if region is None or region.level != Region.Level.VILLAGE:
            return "", UNKNOWN_VILLAGE
        return region.code, None

    def _one(self, name: str, level: int, parent: str | None) -> Answer:
        """The single region of ``level`` whose normalised name is ``name``."""
        wanted = normalise_region_name(name)
        if not wanted:
            return "", UNKNOWN_VILLAGE
        found = [
            region
            for region in region_search(name, level=level, parent_code=parent, limit=10)
            if region.search_name == wanted
        ]
        if not found:
            return "", UNKNOWN_VILLAGE
        if len(found) > 1:
            return "", AMBIGUOUS_VILLAGE
        return found[0].code, None

    def _village_by_name(
        self, name: str, district_code: str = "", district_name: str = ""
    ) -> Answer:
        parent = self.within
        if district_code:
            parent = dotted_region_code(district_code)
            if parent is None:
                return "", UNKNOWN_VILLAGE
        elif district_name:
            parent, problem = self._one(district_name, Region.Level.DISTRICT, parent)
            if problem:
                return "", problem
        return self._one(name, Region.Level.VILLAGE, parent)

    @staticmethod
    def _nik_district(prefix6: str) -> str | None:
        """A warning code for the NIK's district prefix, or None when current."""
        district, retired = district_for_nik_prefix(prefix6)
        if retired is not None:
            return RETIRED_REGION_CODE
        if district is None:
            return UNKNOWN_REGION_CODE
        return None
