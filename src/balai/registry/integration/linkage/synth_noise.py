# SPDX-License-Identifier: EUPL-1.2
"""Recording noise for the synthetic register: how each source writes a person down.

Every record (first sighting or duplicate) passes through the same functions:
duplicates get the higher error rates (first number in ``RATES``), first sightings a
little formatting noise and a few missing fields (second number), since in real
integrations neither side is clean.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from balai.registry.integration.linkage.synth_pools import ETHNIC_MIX, STREETS

# (duplicate rate, first-sighting rate) per kind of error
RATES: dict[str, tuple[float, float]] = {
    "name_typo": (0.18, 0.02),
    "name_typo2": (0.04, 0.0),
    "old_spelling": (0.35, 0.35),  # only for people born before 1975
    "name_variant": (0.3, 0.05),
    "title": (0.08, 0.04),
    "drop_token": (0.04, 0.01),
    "swap_tokens": (0.015, 0.0),
    "date_swap": (0.05, 0.005),
    "date_typo": (0.04, 0.005),
    "date_missing": (0.03, 0.01),
    "nik_missing": (0.25, 0.06),
    "nik_typo": (0.05, 0.01),
    "kk_missing": (0.35, 0.1),
    "sex_missing": (0.03, 0.01),
    "sex_flip": (0.005, 0.0),
    "moved": (0.12, 0.0),
    "address_missing": (0.04, 0.01),
    "street_typo": (0.05, 0.01),
    "rtrw_missing": (0.05, 0.02),
    "village_missing": (0.03, 0.005),
    "place_missing": (0.2, 0.1),
    "place_typo": (0.03, 0.01),
    "phone_changed": (0.1, 0.0),
}
SIMILAR = {
    "a": "e",
    "e": "i",
    "i": "y",
    "y": "i",
    "o": "u",
    "u": "o",
    "d": "t",
    "t": "d",
    "f": "p",
    "p": "f",
    "v": "f",
    "z": "j",
    "j": "z",
    "k": "q",
    "n": "m",
    "m": "n",
    "s": "z",
    "r": "l",
    "l": "r",
    "g": "h",
    "h": "g",
    "b": "p",
    "c": "k",
    "w": "v",
}
VARIANTS = {
    "Muhammad": ("Muh.", "M.", "Moh.", "Mohammad", "Muhamad", "Mhd.", "Mochammad"),
    "Siti": ("St.", "Sitti"),
    "Abdul": ("Abd.", "Abdoel"),
    "Ahmad": ("Achmad", "Akhmad", "Ahmat"),
    "Nur": ("Noer", "Nurul"),
}
TITLES_M = ("H. ", "Drs. ", "Ir. ", "Dr. ", "Bpk. ")
TITLES_F = ("Hj. ", "Dra. ", "Ny. ", "Ibu ")
DEGREES = (", S.H.", ", S.Pd.", ", S.E.", " SE", ", S.T.", ", M.M.", ", S.Kom.", " SH")
KINDS = {
    "Jl.": ("Jl.", "Jln.", "Jalan", "JL"),
    "Jalan": ("Jl.", "Jalan", "Jln"),
    "Gg.": ("Gg.", "Gang", "GG"),
    "Komp.": ("Komp.", "Komplek", "Kompleks"),
}


def _rates(kind: str, is_dup: np.ndarray) -> np.ndarray:
    dup, first = RATES[kind]
    return np.where(is_dup, dup, first)


def _hit(kind: str, is_dup: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return rng.random(len(is_dup)) < _rates(kind, is_dup)


def typo(text: str, r1: float, r2: float) -> str:
    """One keyboard or phonetic slip (substitute, delete, double, transpose)."""
    if len(text) < 3:
        return text
    pos = 1 + int(r2 * (len(text) - 1))
    pos = min(pos, len(text) - 1)
    if not text[pos].isalpha():
        return text
    op = int(r1 * 4)
    char = text[pos]
    if op == 0:
        lower = char.lower()
        new = SIMILAR.get(lower, "a")
        return text[:pos] + (new.upper() if char.isupper() else new) + text[pos + 1 :]
    if op == 1:
        return text[:pos] + text[pos + 1 :]
    if op == 2:
        return text[:pos] + char + text[pos:]
    if pos + 1 < len(text) and text[pos + 1].isalpha():
        return text[:pos] + text[pos + 1] + char + text[pos + 2 :]
    return text


def old_spelling(name: str) -> str:
    """Van Ophuijsen / Soewandi spelling as older records still write it."""
    text = name
    for new, old in (
        ("j", "dj"),
        ("J", "Dj"),
        ("c", "tj"),
        ("C", "Tj"),
        ("ny", "nj"),
        ("sy", "sj"),
        ("Sy", "Sj"),
        ("kh", "ch"),
        ("Kh", "Ch"),
        ("u", "oe"),
        ("U", "Oe"),
    ):
        text = text.replace(new, old)
    return text


def _variant(name: str, r: float) -> str:
    tokens = name.split(" ")
    for index, token in enumerate(tokens):
        options = VARIANTS.get(token)
        if options:
            tokens[index] = options[int(r * len(options))]
            return " ".join(tokens)
    return name


def _apply(values: np.ndarray, mask: np.ndarray, func, *draws: np.ndarray) -> None:
    index = np.flatnonzero(mask)
    picked = [draw[index] for draw in draws]
    values[index] = [
        func(values[i], *(d[k] for d in picked)) for k, i in enumerate(index)
    ]


def _names(records: pd.DataFrame, is_dup: np.ndarray, rng) -> np.ndarray:
    n = len(records)
    names = records["full_name"].to_numpy(dtype=object).copy()
    r1, r2, r3 = rng.random(n), rng.random(n), rng.random(n)
    old = records["old_spelling"].to_numpy() & _hit("old_spelling", is_dup, rng)
    _apply(names, _hit("name_variant", is_dup, rng), _variant, r3)
    _apply(names, old, lambda s: old_spelling(s))
    _apply(names, _hit("name_typo", is_dup, rng), typo, r1, r2)
    _apply(names, _hit("name_typo2", is_dup, rng), typo, r2, r3)
    tokens = np.array([s.count(" ") + 1 for s in names])
    drop = _hit("drop_token", is_dup, rng) & (tokens >= 2)
    drop &= ~pd.Series(names).str.match(r"^(I|Ni|Andi) ").to_numpy()
    _apply(names, drop, lambda s: s.rsplit(" ", 1)[0])
    swap = _hit("swap_tokens", is_dup, rng) & (tokens == 2)
    _apply(names, swap, lambda s: " ".join(reversed(s.split(" "))))
    male = (records["sex"] == "M").to_numpy()
    title = _hit("title", is_dup, rng)
    _apply(
        names,
        title & male & (r1 < 0.6),
        lambda s, r: TITLES_M[int(r * len(TITLES_M))] + s,
        r2,
    )
    _apply(
        names,
        title & ~male & (r1 < 0.6),
        lambda s, r: TITLES_F[int(r * len(TITLES_F))] + s,
        r2,
    )
    _apply(
        names, title & (r1 >= 0.6), lambda s, r: s + DEGREES[int(r * len(DEGREES))], r2
    )
    upper = records["source"].isin(["bpjs", "dtks"]).to_numpy() | (r3 < 0.05)
    _apply(names, upper, str.upper)
    return names


def _dates(records: pd.DataFrame, is_dup: np.ndarray, rng) -> np.ndarray:
    n = len(records)
    born = records["birth_date"].to_numpy().astype("datetime64[D]")
    iso = np.datetime_as_string(born, unit="D").astype(object)
    day = np.array([int(s[8:]) for s in iso])
    month = np.array([int(s[5:7]) for s in iso])
    swap = _hit("date_swap", is_dup, rng) & (day <= 12) & (day != month)
    _apply(iso, swap, lambda s: f"{s[:4]}-{s[8:]}-{s[5:7]}")
    r1, r2 = rng.random(n), rng.random(n)

    def date_typo(s: str, a: float, b: float) -> str:
        if a < 0.4:  # day off by one, kept valid
            d = int(s[8:])
            d = d + 1 if d < 28 else d - 1
            return f"{s[:8]}{d:02d}"
        if a < 0.7:  # year off by one (or one digit) — often the same thing
            return f"{int(s[:4]) + (1 if b < 0.5 else -1)}{s[4:]}"
        m = int(s[5:7])
        m = m + 1 if m < 12 else m - 1
        return f"{s[:5]}{m:02d}{s[7:]}"

    _apply(iso, _hit("date_typo", is_dup, rng), date_typo, r1, r2)
    iso[_hit("date_missing", is_dup, rng)] = None
    return iso


def _nik(values: np.ndarray, is_dup: np.ndarray, rng, missing: str) -> np.ndarray:
    out = values.astype(object).copy()
    n = len(out)
    if missing == "nik_missing":
        r1, r2 = rng.random(n), rng.random(n)

        def slip(s: str, a: float, b: float) -> str:
            pos = int(a * 16)
            digit = str((int(s[pos]) + 1 + int(b * 9)) % 10)
            return s[:pos] + digit + s[pos + 1 :]

        _apply(out, _hit("nik_typo", is_dup, rng), slip, r1, r2)
    out[_hit(missing, is_dup, rng)] = None
    return out


def _addresses(records: pd.DataFrame, is_dup: np.ndarray, rng) -> dict[str, np.ndarray]:
    n = len(records)
    street = records["street"].to_numpy(dtype=object).copy()
    number = records["number"].to_numpy().copy()
    rt = records["rt"].to_numpy().copy()
    rw = records["rw"].to_numpy().copy()
    village = records["village_code"].to_numpy(dtype=object).copy()
    moved = _hit("moved", is_dup, rng)
    count = int(moved.sum())
    street[moved] = (
        np.asarray(["Jl. ", "Gg. "], dtype=object)[rng.integers(0, 2, count)]
        + (np.asarray(STREETS, dtype=object)[rng.integers(0, len(STREETS), count)])
    )
    number[moved] = rng.integers(1, 250, count)
    rt[moved] = rng.integers(1, 16, count)
    rw[moved] = rng.integers(1, 11, count)
    # most moves stay in the district (a new village in the same kecamatan)
    same_district = rng.random(count) < 0.6
    old_codes = village[moved]
    new_codes = np.array(
        [
            code[:8] + f".{1000 + int(r * 12) + 1:04d}" if keep else code
            for code, keep, r in zip(
                old_codes, same_district, rng.random(count), strict=True
            )
        ],
        dtype=object,
    )
    regencies = sorted(ETHNIC_MIX)
    far = ~same_district
    new_codes[far] = [
        f"{regencies[int(r * len(regencies))]}.0{1 + int(r2 * 5)}.1001"
        for r, r2 in zip(
            rng.random(int(far.sum())), rng.random(int(far.sum())), strict=True
        )
    ]
    village[moved] = new_codes

    r1, r2, r3 = rng.random(n), rng.random(n), rng.random(n)
    kinds = [s.split(" ", 1) for s in street]
    text = np.array(
        [
            f"{KINDS[k][int(a * len(KINDS[k]))]} {rest}"
            for (k, rest), a in zip(kinds, r1, strict=True)
        ],
        dtype=object,
    )
    _apply(text, _hit("street_typo", is_dup, rng), typo, r2, r3)
    number_text = [
        ("No. {}", "No {}", "{}", "no.{}")[int(a * 4)].format(num)
        for a, num in zip(r2, number, strict=True)
    ]
    address = np.array(
        [f"{t} {num}" for t, num in zip(text, number_text, strict=True)], dtype=object
    )
    upper = records["source"].isin(["bpjs", "dtks"]).to_numpy()
    _apply(address, upper, str.upper)
    address[_hit("address_missing", is_dup, rng)] = None
    padded = r3 < 0.6
    rt_text = np.where(
        padded, pd.Series(rt).astype(str).str.zfill(3), pd.Series(rt).astype(str)
    ).astype(object)
    rw_text = np.where(
        padded, pd.Series(rw).astype(str).str.zfill(3), pd.Series(rw).astype(str)
    ).astype(object)
    gone = _hit("rtrw_missing", is_dup, rng)
    rt_text[gone] = None
    rw_text[gone] = None
    village[_hit("village_missing", is_dup, rng)] = None
    return {"address": address, "rt": rt_text, "rw": rw_text, "village_code": village}


def apply_noise(records: pd.DataFrame, is_dup: np.ndarray, rng) -> pd.DataFrame:
    """Records as the sources wrote them; columns become strings or None."""
    n = len(records)
    out = pd.DataFrame(
        {
            "person_id": records["person_id"].to_numpy(),
            "source": records["source"].to_numpy(),
        }
    )
    out["full_name"] = _names(records, is_dup, rng)
    out["birth_date"] = _dates(records, is_dup, rng)
    out["nik"] = _nik(records["nik"].to_numpy(), is_dup, rng, "nik_missing")
    out["kk_number"] = _nik(records["kk_number"].to_numpy(), is_dup, rng, "kk_missing")
    sex = records["sex"].to_numpy(dtype=object).copy()
    flip = _hit("sex_flip", is_dup, rng)
    sex[flip] = np.where(sex[flip] == "M", "F", "M")
    sex[_hit("sex_missing", is_dup, rng)] = None
    out["sex"] = sex
    for column, values in _addresses(records, is_dup, rng).items():
        out[column] = values
    place = records["birth_place"].to_numpy(dtype=object).copy()
    r1, r2 = rng.random(n), rng.random(n)
    _apply(place, _hit("place_typo", is_dup, rng), typo, r1, r2)
    kota = r2 < 0.1
    place[kota] = "Kota " + place[kota]
    _apply(place, records["source"].isin(["bpjs", "dtks"]).to_numpy(), str.upper)
    place[_hit("place_missing", is_dup, rng)] = None
    out["birth_place"] = place
    phone = records["phone"].to_numpy(dtype=object).copy()
    has = np.array([p is not None for p in phone])
    keep = rng.random(n) < np.where(records["source"] == "bpjs", 0.9, 0.45)
    changed = has & _hit("phone_changed", is_dup, rng)
    phone[changed] = (
        "+628"
        + pd.Series(rng.integers(10**9, 10**10, int(changed.sum())))
        .astype(str)
        .to_numpy()
    )
    phone[~keep] = None
    out["phone"] = phone
    return out
