# SPDX-License-Identifier: EUPL-1.2
"""Synthetic multi-source population records with a known truth (``person_id``).

Linkage needs data whose answer is known: to train and choose thresholds, to test, and
to benchmark at national-like size. Real registers cannot leave the office, so this
module builds households of people with Indonesian-style names (Javanese, Sundanese,
Batak, Minang, Bugis, Balinese, Arabic-derived, Chinese-Indonesian; mononyms are
common) living in real villages (Kemendagri codes shipped in ``balai/regions/data``),
with NIKs consistent with district, birth date and sex (day + 40 for women) and KK
numbers shared by each household. Every person is recorded once by some source;
``duplicate_rate`` of the records are extra records of an existing person, from any
source, carrying the errors seen in real integrations (typos, old spellings oe/dj/tj,
Muhammad/Muh./M., honorifics and degrees, day/month swaps, moved addresses, missing
fields, missing or mistyped NIKs). Twins and household members are present naturally
and are the hard negatives.

Vectorised with numpy where it matters; string noise runs as list comprehensions over
the affected rows only. Deterministic for a given ``seed``.
"""

from __future__ import annotations

import csv
import gzip
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from balai.registry.integration.linkage.synth_noise import apply_noise
from balai.registry.integration.linkage.synth_pools import (
    ETHNIC_MIX,
    FALLBACK_VILLAGES,
    NAME_POOLS,
    PLACES,
    STREETS,
)

COLUMNS = (
    "unique_id",
    "source",
    "nik",
    "kk_number",
    "full_name",
    "birth_date",
    "birth_place",
    "sex",
    "address",
    "rt",
    "rw",
    "village_code",
    "phone",
    "person_id",
)
WILAYAH = Path(__file__).resolve().parents[2] / "regions" / "data" / "wilayah.csv.gz"
HOUSEHOLD_SIZES = np.array([1, 2, 3, 4, 5, 6])
HOUSEHOLD_WEIGHTS = np.array([0.14, 0.2, 0.25, 0.22, 0.12, 0.07])
SOURCE_WEIGHTS = {"register": 0.45, "bpjs": 0.25, "dtks": 0.18, "desa": 0.12}
OLD_SPELLING = (("kh", "ch"), ("sy", "sj"), ("ny", "nj"), ("c", "tj"), ("j", "dj"))
TODAY = np.datetime64("2025-06-30")


@lru_cache(maxsize=1)
def villages_by_regency() -> dict[str, tuple[str, ...]]:
    """Village codes (13 characters) of the regencies in ``ETHNIC_MIX``."""
    wanted = set(ETHNIC_MIX)
    found: dict[str, list[str]] = {code: [] for code in wanted}
    if WILAYAH.exists():
        with gzip.open(WILAYAH, "rt", encoding="utf-8") as handle:
            for row in csv.reader(handle):
                code = row[0]
                if len(code) == 13 and code[:5] in wanted:
                    found[code[:5]].append(code)
    for regency, codes in FALLBACK_VILLAGES.items():
        if not found.get(regency):
            found[regency] = list(codes)
    return {regency: tuple(sorted(codes)) for regency, codes in found.items()}


def _choice(rng: np.random.Generator, pool: tuple[str, ...], size: int) -> np.ndarray:
    return np.asarray(pool, dtype=object)[rng.integers(0, len(pool), size)]


def _people(n_people: int, rng: np.random.Generator) -> pd.DataFrame:
    """Households, then their members: the truth, written cleanly."""
    mean_size = float((HOUSEHOLD_SIZES * HOUSEHOLD_WEIGHTS).sum())
    n_households = int(n_people / mean_size * 1.05) + 10
    size = rng.choice(HOUSEHOLD_SIZES, n_households, p=HOUSEHOLD_WEIGHTS)
    villages = villages_by_regency()
    regencies = sorted(villages)
    h_regency = rng.integers(0, len(regencies), n_households)
    h_village = np.empty(n_households, dtype=object)
    h_ethnic = np.empty(n_households, dtype=object)
    for index, regency in enumerate(regencies):
        mask = h_regency == index
        h_village[mask] = _choice(rng, villages[regency], int(mask.sum()))
        groups, weights = zip(*ETHNIC_MIX[regency].items(), strict=True)
        weights_arr = np.array(weights) / sum(weights)
        h_ethnic[mask] = np.asarray(groups, dtype=object)[
            rng.choice(len(groups), int(mask.sum()), p=weights_arr)
        ]
    h_street = _choice(rng, STREETS, n_households)
    h_kind = rng.choice(
        np.array(["Jl.", "Gg.", "Jalan", "Komp."], dtype=object),
        n_households,
        p=[0.55, 0.25, 0.12, 0.08],
    )
    h_number = rng.integers(1, 250, n_households)
    h_rt = rng.integers(1, 16, n_households)
    h_rw = rng.integers(1, 11, n_households)
    h_year = rng.choice(np.arange(1940, 2003), n_households)
    h_kk_serial = rng.integers(1, 10000, n_households)

    household = np.repeat(np.arange(n_households), size)
    role = np.concatenate([np.arange(s) for s in size])  # 0 head, 1 spouse, 2+ child
    keep = household < n_households
    household, role = household[keep][:n_people], role[keep][:n_people]
    n = len(household)
    if n < n_people:  # pragma: no cover - the 1.05 margin makes this unreachable
        raise RuntimeError("not enough households generated")

    head_male = rng.random(n_households) < 0.85
    sex_male = np.where(role == 0, head_male[household], ~head_male[household])
    children = role >= 2
    sex_male[children] = rng.random(int(children.sum())) < 0.51
    year = h_year[household] + np.where(role == 1, rng.integers(-6, 4, n), 0)
    year = np.where(
        children, h_year[household] + 20 + 3 * (role - 2) + rng.integers(0, 6, n), year
    )
    year = np.minimum(year, 2024)
    born = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]") + rng.integers(
        0, 365, n
    ).astype("timedelta64[D]")
    born = np.minimum(born, TODAY - np.timedelta64(30, "D"))
    # twins: the next child of some households shares the previous child's birth date
    twin = children & (role >= 3) & (rng.random(n) < 0.03)
    twin_index = np.flatnonzero(twin)
    born[twin_index] = born[twin_index - 1]

    ethnic = h_ethnic[household]
    given = np.empty(n, dtype=object)
    middle = np.full(n, "", dtype=object)
    family = np.full(n, "", dtype=object)
    for group, pools in NAME_POOLS.items():
        for male in (True, False):
            mask = (ethnic == group) & (sex_male == male)
            count = int(mask.sum())
            if not count:
                continue
            key = "m" if male else "f"
            given[mask] = _choice(rng, pools[key], count)
            two = rng.random(count) < pools["two_part"]
            second = _choice(rng, pools[key + "2"], count)
            middle[mask] = np.where(two, second, "")
    # parents do not give two children (or a child and a parent) the same given name
    for _attempt in range(6):
        clash = pd.DataFrame({"h": household, "g": given}).duplicated().to_numpy()
        if not clash.any():
            break
        for group, pools in NAME_POOLS.items():
            for male in (True, False):
                mask = clash & (ethnic == group) & (sex_male == male)
                if mask.any():
                    pool = pools["m" if male else "f"]
                    given[mask] = _choice(rng, pool, int(mask.sum()))
    # Batak marga and Chinese-Indonesian surnames are family names: the head's passes on
    for group in ("batak", "tionghoa"):
        mask = ethnic == group
        marga = _choice(rng, NAME_POOLS[group]["family"], n_households)
        own = _choice(rng, NAME_POOLS[group]["family"], n)
        family[mask] = np.where(role[mask] == 1, own[mask], marga[household[mask]])
        middle[mask & (rng.random(n) < 0.7)] = ""
    bali = ethnic == "bali"
    order = _choice(
        rng, ("Wayan", "Putu", "Gede", "Made", "Kadek", "Nyoman", "Komang", "Ketut"), n
    )
    given[bali] = (
        np.where(sex_male[bali], "I ", "Ni ") + order[bali] + " " + given[bali]
    )
    andi = (ethnic == "bugis") & (rng.random(n) < 0.12)
    given[andi] = "Andi " + given[andi]
    names = [
        " ".join(part for part in parts if part)
        for parts in zip(given, middle, family, strict=True)
    ]

    district6 = np.array(
        [code[:8].replace(".", "") for code in h_village], dtype=object
    )
    # a tenth registered first elsewhere: the NIK prefix is not the current district
    nik_district = district6[household].copy()
    moved_in = rng.random(n) < 0.1
    nik_district[moved_in] = district6[
        rng.integers(0, n_households, int(moved_in.sum()))
    ]
    day = (born - born.astype("datetime64[M]")).astype(int) + 1
    month = born.astype("datetime64[M]").astype(int) % 12 + 1
    yy = (born.astype("datetime64[Y]").astype(int) + 1970) % 100
    nik_day = np.where(sex_male, day, day + 40)
    stem = pd.Series(nik_district).str.cat(
        [
            pd.Series(nik_day).astype(str).str.zfill(2),
            pd.Series(month).astype(str).str.zfill(2),
            pd.Series(yy).astype(str).str.zfill(2),
        ]
    )
    order_in_stem = stem.sample(frac=1.0, random_state=int(rng.integers(1 << 31)))
    serial = order_in_stem.groupby(order_in_stem).cumcount().reindex(stem.index) + 1
    nik = stem + serial.astype(str).str.zfill(4)
    kk_stem = pd.Series(district6).str.cat(
        pd.Series(rng.integers(100000, 999999, n_households)).astype(str)
    )
    kk = (kk_stem + pd.Series(h_kk_serial).astype(str).str.zfill(4)).to_numpy()[
        household
    ]

    place = np.asarray(
        [PLACES.get(code[:5], "Jakarta") for code in h_village], dtype=object
    )[household]
    elsewhere = rng.random(n) < 0.25
    place[elsewhere] = _choice(
        rng,
        (*PLACES.values(), "Bogor", "Garut", "Solo", "Malang", "Tegal", "Kediri"),
        int(elsewhere.sum()),
    )
    phone = np.where(
        (year < 2008) & (rng.random(n) < 0.7),
        "+628" + pd.Series(rng.integers(10**9, 10**10, n)).astype(str).to_numpy(),
        None,
    )
    return pd.DataFrame(
        {
            "person_id": pd.Series(np.arange(n)).map("p{:07d}".format),
            "household": household,
            "nik": nik.to_numpy(),
            "kk_number": kk,
            "full_name": names,
            "old_spelling": year < 1975,
            "birth_date": born,
            "birth_place": place,
            "sex": np.where(sex_male, "M", "F"),
            "street": (h_kind + " " + h_street)[household],
            "number": h_number[household],
            "rt": h_rt[household],
            "rw": h_rw[household],
            "village_code": h_village[household],
            "phone": phone,
        }
    )


def generate(
    n: int,
    *,
    duplicate_rate: float = 0.15,
    seed: int = 2026,
    sources: tuple[str, ...] = ("register", "bpjs", "dtks", "desa"),
) -> pd.DataFrame:
    """``n`` records, about ``duplicate_rate`` of them extra records of a person.

    Columns are the engine's record columns (strings or None) plus ``person_id``.
    """
    rng = np.random.default_rng(seed)
    n_dups = round(n * duplicate_rate)
    n_people = n - n_dups
    people = _people(n_people, rng)
    # duplicates favour adults (they meet more agencies); some people appear 3+ times
    adult = (people["birth_date"] < np.datetime64("2007-01-01")).to_numpy()
    weight = np.where(adult, 3.0, 1.0)
    picked = rng.choice(n_people, n_dups, p=weight / weight.sum())
    index = np.concatenate([np.arange(n_people), picked])
    records = people.iloc[index].reset_index(drop=True)
    is_dup = np.zeros(n, dtype=bool)
    is_dup[n_people:] = True
    weights = np.array([SOURCE_WEIGHTS.get(name, 0.2) for name in sources])
    records["source"] = np.asarray(sources, dtype=object)[
        rng.choice(len(sources), n, p=weights / weights.sum())
    ]
    records = apply_noise(records, is_dup, rng)
    order = rng.permutation(n)
    records = records.iloc[order].reset_index(drop=True)
    records["unique_id"] = pd.Series(np.arange(n)).map("u{:07d}".format)
    return records[list(COLUMNS)]


def true_pairs_count(person_ids: pd.Series) -> int:
    """How many record pairs share a person (the size of the truth)."""
    sizes = person_ids.value_counts().to_numpy()
    return int((sizes * (sizes - 1) // 2).sum())
