# SPDX-License-Identifier: EUPL-1.2
"""A small, real, deterministic subset of the regions table for tests of any app.

``load_sample_regions()`` goes through the same loader as ``balai load_regions``, only
filtered by code prefix; the parsed rows are cached per process so each call costs one
comparison and (in a fresh test transaction) a few bulk inserts.
"""

from __future__ import annotations

from functools import lru_cache

from balai.regions.reference import (
    RegionRow,
    RetiredRow,
    read_region_rows,
    read_retired_rows,
)
from balai.regions.services import LoadResult, regions_load_rows

# Subtrees loaded with all their districts and villages (ancestors come along):
SAMPLE_PREFIXES: tuple[str, ...] = (
    "31.74",  # Kota Adm. Jakarta Selatan (DKI Jakarta), incl. 31.74.07 Kebayoran Baru
    "32.04",  # Kabupaten Bandung (Jawa Barat), incl. 32.04.05 Cileunyi (desa)
    "32.73",  # Kota Bandung (kelurahan)
    "35.78",  # Kota Surabaya (Jawa Timur)
    "51.71",  # Kota Denpasar (Bali)
    "91.03",  # Kabupaten Jayapura (Papua): distrik and the desa adat
    "93.01",  # Kabupaten Merauke (Papua Selatan), formerly 91.01
    "95.01",  # Kabupaten Jayawijaya (Papua Pegunungan), formerly 91.02
)

# Handy codes for assertions in other apps' tests.
SAMPLE_DISTRICT = "31.74.07"  # Kebayoran Baru; NIK prefix 317407
SAMPLE_VILLAGE = "32.04.05.2001"  # Cileunyi Kulon, postal code 40621
SAMPLE_RETIRED_DISTRICT = "91.01.01"  # Merauke before 2022, now 93.01.01


@lru_cache(maxsize=8)
def _sample_rows(
    prefixes: tuple[str, ...],
) -> tuple[tuple[RegionRow, ...], tuple[RetiredRow, ...]]:
    rows = read_region_rows(prefixes)
    retired = read_retired_rows({row.code for row in rows})
    return tuple(rows), tuple(retired)


def load_sample_regions(prefixes: tuple[str, ...] = SAMPLE_PREFIXES) -> LoadResult:
    """Load the sample subtrees (default SAMPLE_PREFIXES) and their retired codes.

    Needs database access (``db`` fixture); idempotent, so calling it again in the same
    test changes nothing.
    """
    rows, retired = _sample_rows(tuple(prefixes))
    return regions_load_rows(rows, retired=retired)
