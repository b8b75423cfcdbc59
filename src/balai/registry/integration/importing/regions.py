# SPDX-License-Identifier: EUPL-1.2
"""Region lookups for one import, cached: villages by code or name, NIK districts.

A file of 100,000 rows names a few hundred villages at most, so every distinct
question is asked of the regions app once (through its selectors) and remembered.

A village named rather than coded is looked for inside the narrowest region the row
(or the mapping's ``regions.within``) makes known: province, then regency, then
district, each by code or by name inside the one above; a level that cannot be
resolved is skipped (the search stays in the wider region). A postal code tries the
villages that carry it first. Names are compared by a key (``place_key``): the
regions app's normal form (no "Desa"/"Kel." prefix, no punctuation), old spellings
modernised (``tj→c, dj→j, sj→sy, oe→u, ch→kh``), Roman numerals as digits and
spaces removed ("Soekamadjoe" = "Suka Maju" = "SUKAMAJU"). When no key is equal, the
most similar name (Jaro-Winkler on the keys, ≥ ``FUZZY_MIN``) is taken if no other
comes within ``FUZZY_MARGIN`` of it. Anything else — unknown, or several equally
good — leaves the village *missing* with a warning, never a guess.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from balai.regions.models import Region
from balai.regions.normalise import dotted_region_code, normalise_region_name
from balai.regions.selectors import (
    district_for_nik_prefix,
    nik_prefix_codes,
    region_get,
)
from balai.registry.integration.importing.codes import (
    AMBIGUOUS_VILLAGE,
    RETIRED_REGION_CODE,
    UNKNOWN_REGION_CODE,
    UNKNOWN_VILLAGE,
)

CACHE_SIZE = 16384
INSIDE_CACHE_SIZE = 4096  # (parent, level, postal code) → its regions by key
FUZZY_MIN = 0.92  # Jaro-Winkler of the keys for a fuzzy match
FUZZY_MARGIN = 0.02  # the runner-up must be this much less similar
FUZZY_SHORTEST = 5  # keys shorter than this must match exactly
MAX_CANDIDATES = 20000  # beyond this (a whole country) names match exactly only
Answer = tuple[str, str | None]  # (dotted village code or "", problem code or None)

# "nj" is left alone: the old spelling of "ny", but also n + j today (Tanjung)
_OLD_SPELLINGS = (("tj", "c"), ("dj", "j"), ("sj", "sy"), ("oe", "u"))
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6"}
_LEADING = {"ds", "dsn", "dusun", "kelurahan", "kel", "desa", "nagari", "gampong"}
_NOT_LETTER = re.compile(r"[^0-9a-z]")


def place_key(name: str) -> str:
    """The comparison key of a region name (see the module docstring)."""
    words = normalise_region_name(name).split()
    while len(words) > 1 and words[0] in _LEADING:
        words = words[1:]
    text = " ".join(_ROMAN.get(word, word) for word in words)
    for old, new in _OLD_SPELLINGS:
        text = text.replace(old, new)
    text = re.sub(r"ch(?!$)", "kh", text)
    return _NOT_LETTER.sub("", text)


@dataclass(frozen=True)
class Place:
    """What one row says about where its person lives (all optional)."""

    village_code: str = ""
    village_name: str = ""
    district_code: str = ""
    district_name: str = ""
    regency_code: str = ""
    regency_name: str = ""
    province_code: str = ""
    province_name: str = ""
    postal_code: str = ""

    @property
    def asked(self) -> bool:
        return bool(self.village_code or self.village_name)

    def label(self) -> str:
        """How an unresolved village is listed in the batch report."""
        if self.village_code and not self.village_name:
            return self.village_code
        context = self.district_name or self.district_code or self.regency_name
        return f"{self.village_name} ({context})" if context else self.village_name


@dataclass(frozen=True)
class Keyed:
    """Regions by comparison key: the keys in code order, and key → codes."""

    keys: list[str]
    codes: list[str]
    by_key: dict[str, list[str]]

    @classmethod
    def of(cls, regions: list[Region]) -> Keyed:
        pairs = [(region.code, place_key(region.name)) for region in regions]
        return cls.of_pairs(pairs)

    @classmethod
    def of_pairs(cls, pairs: list[tuple[str, str]]) -> Keyed:
        """From (code, key) pairs in code order."""
        codes = [code for code, _key in pairs]
        keys = [key for _code, key in pairs]
        by_key: dict[str, list[str]] = {}
        for key, code in zip(keys, codes, strict=True):
            by_key.setdefault(key, []).append(code)
        return cls(keys, codes, by_key)


def _best(name: str, regions: Keyed, *, fuzzy: bool = True) -> Answer:
    """The single region whose key equals or (uniquely) nearly equals ``name``'s."""
    key = place_key(name)
    if not key:
        return "", UNKNOWN_VILLAGE
    exact = regions.by_key.get(key, [])
    if len(exact) == 1:
        return exact[0], None
    if exact:
        return "", AMBIGUOUS_VILLAGE
    if not fuzzy or len(key) < FUZZY_SHORTEST or not regions.keys:
        return "", UNKNOWN_VILLAGE
    scored = process.extract(
        key, regions.keys, scorer=JaroWinkler.normalized_similarity, limit=2
    )
    if scored[0][1] < FUZZY_MIN:
        return "", UNKNOWN_VILLAGE
    if len(scored) > 1 and scored[1][1] > scored[0][1] - FUZZY_MARGIN:
        return "", AMBIGUOUS_VILLAGE
    return regions.codes[scored[0][2]], None


class RegionTable:
    """The regions table in memory for one import, read once when a name is first
    looked for (a file naming villages asks for thousands of (region, level, postal
    code) sets; one query each cost ≈ 4 ms and built a model per region).

    ``inside`` answers exactly as ``selectors.region_descendants`` does: every region
    of ``level`` strictly inside ``parent`` (codes between ``parent + "."`` and
    ``parent + "/"``), optionally only those with ``postal``, in code order (the codes
    of one level have one fixed ASCII form, so every collation orders them alike),
    by bisection in the sorted codes of that level (and of that postal code, when one
    is given); names through ``place_key`` once each."""

    def __init__(self) -> None:
        # (level, "") → every region of the level; (level, postal) → those with it
        self.levels: dict[tuple[int, str], tuple[list[str], list[str]]] = {}
        rows = Region.objects.values_list("code", "name", "level", "postal_code")
        for code, name, level, postal in sorted(rows):
            for group in ((level, ""), (level, postal)) if postal else ((level, ""),):
                codes, names = self.levels.setdefault(group, ([], []))
                codes.append(code)
                names.append(name)
        self.keys: dict[str, str] = {}

    def _key(self, name: str) -> str:
        key = self.keys.get(name)
        if key is None:
            key = self.keys[name] = place_key(name)
        return key

    def inside(self, parent: str | None, level: int, postal: str) -> Keyed:
        codes, names = self.levels.get((level, postal), ([], []))
        if parent is None:
            start, stop = 0, len(codes)
        else:
            dotted = dotted_region_code(parent)
            if dotted is None:
                return Keyed.of_pairs([])
            start = bisect_right(codes, dotted + ".")
            stop = bisect_left(codes, dotted + "/", start)
        key = self._key
        return Keyed.of_pairs(
            [
                (code, key(name))
                for code, name in zip(codes[start:stop], names[start:stop], strict=True)
            ]
        )


class RegionLookup:
    """Village and district answers for one import (``within`` narrows name search)."""

    def __init__(self, within: str = "") -> None:
        self.within = dotted_region_code(within) if within else None
        self.village_by_code = lru_cache(CACHE_SIZE)(self._village_by_code)
        self.village = lru_cache(CACHE_SIZE)(self._village)
        self.nik_district = lru_cache(CACHE_SIZE)(self._nik_district)
        self._inside = lru_cache(INSIDE_CACHE_SIZE)(self._regions_inside)
        self._table: RegionTable | None = None

    @staticmethod
    def _village_by_code(code: str) -> Answer:
        region = region_get(code)
        if region is None or region.level != Region.Level.VILLAGE:
            return "", UNKNOWN_VILLAGE
        return region.code, None

    def _regions_inside(self, parent: str | None, level: int, postal: str) -> Keyed:
        if self._table is None:
            self._table = RegionTable()
        return self._table.inside(parent, level, postal)

    def _level(
        self, parent: str | None, level: int, code: str, name: str
    ) -> str | None:
        """The region of ``level`` the row names inside ``parent``, or None."""
        if code:
            dotted = dotted_region_code(code)
            region = region_get(dotted) if dotted else None
            inside = parent is None or (region and region.code.startswith(parent))
            if region is not None and region.level == level and inside:
                return region.code
        if name:
            found, _problem = _best(name, self._inside(parent, level, ""))
            return found or None
        return None

    def parent_of(self, place: Place) -> str | None:
        """The narrowest region the row makes known (None: the whole country)."""
        parent = self.within
        for level, code, name in (
            (Region.Level.PROVINCE, place.province_code, place.province_name),
            (Region.Level.REGENCY, place.regency_code, place.regency_name),
            (Region.Level.DISTRICT, place.district_code, place.district_name),
        ):
            if code or name:
                parent = self._level(parent, level, code, name) or parent
        return parent

    def _village(self, place: Place) -> Answer:
        if place.village_code:
            found = self.village_by_code(place.village_code)
            if found[0] or not place.village_name:
                return found
        parent = self.parent_of(place)
        village = Region.Level.VILLAGE
        postal = place.postal_code.strip()
        if postal:
            found = _best(place.village_name, self._inside(parent, village, postal))
            if found[0]:
                return found
        regions = self._inside(parent, village, "")
        # in a whole country of villages a near name is no evidence: exact keys only
        return _best(
            place.village_name, regions, fuzzy=len(regions.keys) <= MAX_CANDIDATES
        )

    @staticmethod
    def _nik_district(prefix6: str) -> str | None:
        """A warning code for the NIK's district prefix, or None when current."""
        district, retired = district_for_nik_prefix(prefix6)
        if retired is not None:
            return RETIRED_REGION_CODE
        if district is None:
            return UNKNOWN_REGION_CODE
        return None


class DistrictAnswers:
    """``RegionLookup``'s NIK district answers without a database, for an import
    worker (``chunks``): from every district's and retired code read once by the
    importer (``nik_prefix_codes``), exactly ``_nik_district``'s answers. Villages
    are never asked of it: the importer answers each block's places first
    (``ColumnNormaliser.places_known``) and hands them over with the block."""

    def __init__(self, districts: frozenset[str], retired: frozenset[str]) -> None:
        self.districts = districts
        self.retired = retired

    @classmethod
    def read(cls) -> DistrictAnswers:
        return cls(*nik_prefix_codes())

    def nik_district(self, prefix6: str) -> str | None:
        """As ``RegionLookup.nik_district``: a warning code, or None when current."""
        digits = prefix6.replace(".", "").strip()
        if len(digits) != 6 or not digits.isascii() or not digits.isdigit():
            return UNKNOWN_REGION_CODE
        dotted = f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}"
        if dotted in self.districts:
            return None
        if dotted in self.retired:
            return RETIRED_REGION_CODE
        return UNKNOWN_REGION_CODE

    def village(self, place: Place) -> Answer:
        raise RuntimeError("an import worker is given its villages by the importer")
