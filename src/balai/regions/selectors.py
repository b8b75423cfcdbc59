# SPDX-License-Identifier: EUPL-1.2
"""Reads of the regions app: lookups by code, name search, children and paths.

Regions are public reference data, so there is no visibility policy. Every function
accepts codes dotted ("32.04.05") or undotted ("320405") and answers malformed codes
as "not found" rather than raising.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When

from balai.regions.models import Region, RetiredRegionCode
from balai.regions.normalise import (
    ancestor_region_codes,
    dotted_region_code,
    normalise_region_name,
    region_kind_hint,
)

_CODE_QUERY_CHARS = set("0123456789. ")


def region_get(code: str) -> Region | None:
    """The region with this dotted or undotted code, with its parent, or None."""
    dotted = dotted_region_code(code)
    if dotted is None:
        return None
    return Region.objects.select_related("parent").filter(code=dotted).first()


def region_list(
    *,
    level: int | None = None,
    parent_code: str | None = None,
    query: str | None = None,
) -> QuerySet[Region]:
    """Regions filtered by level, direct parent and name, as one lazy QuerySet.

    Without ``query`` the order is by code; with it, exact name matches come first, then
    prefix matches, then names containing the query; within each, regions of the kind
    the query names ("kota …") first, then by level (see ``region_search``). A malformed
    ``parent_code`` gives an empty QuerySet.
    """
    regions = Region.objects.all()
    if level is not None:
        regions = regions.filter(level=level)
    if parent_code is not None:
        dotted = dotted_region_code(parent_code)
        if dotted is None:
            return Region.objects.none()
        regions = regions.filter(parent_id=dotted)
    if query:
        return _ranked(regions, query)
    return regions.order_by("code")


def _ranked(regions: QuerySet[Region], query: str) -> QuerySet[Region]:
    if set(query) <= _CODE_QUERY_CHARS and any(char.isdigit() for char in query):
        code = query.strip()
        dotted = dotted_region_code(code) or code
        return regions.filter(code__startswith=dotted).order_by("level", "code")
    needle = normalise_region_name(query)
    if not needle:
        return Region.objects.none()
    kind = region_kind_hint(query)
    return (
        regions.filter(search_name__contains=needle)
        .annotate(
            rank=Case(
                When(search_name=needle, then=Value(0)),
                When(search_name__startswith=needle, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            kind_rank=Case(
                When(kind=kind or "", then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("rank", "kind_rank", "level", "search_name", "code")
    )


def region_search(
    query: str,
    *,
    level: int | None = None,
    parent_code: str | None = None,
    limit: int = 20,
) -> list[Region]:
    """Up to ``limit`` regions whose normalised name matches ``query``; one query.

    "kab bandung", "Kabupaten Bandung" and "bandung" all find 32.04 and 32.73. Exact
    names rank first, then prefixes, then names containing the query; ties go to the
    kind the query names ("Kota Bandung" puts 32.73 first), then to the higher level
    (province before village). ``parent_code`` keeps regions inside that region at any
    depth. A query made of digits and dots searches codes instead.
    """
    regions = Region.objects.select_related("parent")
    if level is not None:
        regions = regions.filter(level=level)
    if parent_code is not None:
        dotted = dotted_region_code(parent_code)
        if dotted is None:
            return []
        # a range on the primary key, not LIKE 'x.%': SQLite's LIKE is case-blind
        # and scans the whole table (0.1-0.3 s a call, thousands of calls in an
        # import that resolves villages by name); "/" is the character after "."
        regions = regions.filter(code__gt=dotted + ".", code__lt=dotted + "/")
    if not query.strip():
        return []
    return list(_ranked(regions, query)[:limit])


def region_children(code: str) -> QuerySet[Region]:
    """The direct children of a region by code (none for villages and unknown codes)."""
    dotted = dotted_region_code(code)
    if dotted is None:
        return Region.objects.none()
    return Region.objects.filter(parent_id=dotted).order_by("code")


def region_descendants(
    code: str | None, *, level: int, postal_code: str = ""
) -> list[Region]:
    """Every region of ``level`` inside ``code`` at any depth (the whole country for
    None), optionally only those with a postal code, by code; one query."""
    if code is None:
        regions = Region.objects.filter(level=level)
    else:
        dotted = dotted_region_code(code)
        if dotted is None:
            return []
        # a range on the primary key ("/" is the character after "."), the level
        # checked here: with ``level`` or LIKE 'x.%' in the query SQLite walks the
        # level index over every village of the country (0.1-0.3 s a call,
        # thousands of calls in an import that resolves villages by name)
        regions = Region.objects.filter(code__gt=dotted + ".", code__lt=dotted + "/")
    if postal_code:
        regions = regions.filter(postal_code=postal_code)
    return [region for region in regions.order_by("code") if region.level == level]


def region_path(code: str) -> list[Region]:
    """The chain province → … → the region itself in one query; [] when unknown."""
    dotted = dotted_region_code(code)
    if dotted is None:
        return []
    codes = ancestor_region_codes(dotted)
    path = list(Region.objects.filter(code__in=codes).order_by("level"))
    if not path or path[-1].code != dotted:
        return []
    return path


def nik_prefix_codes() -> tuple[frozenset[str], frozenset[str]]:
    """Every current district's dotted code and every retired code, in two queries:
    ``district_for_nik_prefix`` answered from them is a current district, a retired
    code or unknown exactly as that function finds it (for callers that look up
    many prefixes where the database cannot be asked, e.g. an import worker)."""
    districts = Region.objects.filter(level=Region.Level.DISTRICT).values_list(
        "code", flat=True
    )
    retired = RetiredRegionCode.objects.values_list("old_code", flat=True)
    return frozenset(districts), frozenset(retired)


def district_for_nik_prefix(
    prefix6: str,
) -> tuple[Region | None, RetiredRegionCode | None]:
    """The district encoded by the first six digits of a NIK or KK number.

    Returns ``(district, None)`` for a current district code, ``(current_district,
    retired)`` when the prefix is a retired code (pre-2022 Papua) and ``(None, None)``
    when it is unknown. At most two queries.
    """
    digits = prefix6.replace(".", "").strip()
    if len(digits) != 6 or not digits.isascii() or not digits.isdigit():
        return None, None
    dotted = f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}"
    district = Region.objects.filter(code=dotted, level=Region.Level.DISTRICT).first()
    if district is not None:
        return district, None
    retired = (
        RetiredRegionCode.objects.select_related("new_region")
        .filter(old_code=dotted)
        .first()
    )
    if retired is not None:
        return retired.new_region, retired
    return None, None
