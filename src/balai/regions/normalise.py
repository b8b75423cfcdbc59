# SPDX-License-Identifier: EUPL-1.2
"""Normal forms of region names and codes, for the loader, selectors and NIK rules.

Pure functions without database access: ``normalise_region_name`` gives the value stored
in ``Region.search_name`` (and applied to every search query), ``dotted_region_code``
accepts the dotted Kemendagri form or the undotted form used inside NIK/KK numbers.
"""

from __future__ import annotations

import re
import unicodedata

# Leading words that name the kind of region rather than the region itself, as token
# sequences after punctuation became spaces ("Kab. Adm." → ("kab", "adm")). Longer
# sequences first so "kota administrasi" wins over "kota".
_TYPE_PREFIXES: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            ("provinsi",),
            ("prov",),
            ("propinsi",),
            ("daerah", "khusus", "ibukota"),
            ("daerah", "khusus", "ibu", "kota"),
            ("daerah", "khusus"),
            ("daerah", "istimewa"),
            ("dki",),
            ("diy",),
            ("kabupaten", "administrasi"),
            ("kabupaten", "adm"),
            ("kab", "administrasi"),
            ("kab", "adm"),
            ("kabupaten",),
            ("kab",),
            ("kota", "administrasi"),
            ("kota", "adm"),
            ("kotamadya",),
            ("kodya",),
            ("kota",),
            ("kecamatan",),
            ("kec",),
            ("distrik",),
            ("kelurahan",),
            ("kel",),
            ("desa", "adat"),
            ("desa",),
        ),
        key=len,
        reverse=True,
    )
)

_PREFIX_STARTS = frozenset(prefix[0] for prefix in _TYPE_PREFIXES)
_APOSTROPHES = re.compile(r"['’‘`´]")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_DOTTED = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
_UNDOTTED_LENGTHS = {2, 4, 6, 10}


def normalise_region_name(name: str) -> str:
    """Lower-case, ASCII, punctuation-free name without its administrative prefix.

    "Kab. Bandung", "Kabupaten Bandung" and "KABUPATEN  BANDUNG" all give "bandung";
    "Kota Adm. Jakarta Selatan" gives "jakarta selatan". A name that is nothing but a
    prefix ("Kota") keeps its words.
    """
    if name.isascii():
        text = name.lower()
    else:
        text = unicodedata.normalize("NFKD", name)
        text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    tokens = _NON_ALNUM.sub(" ", _APOSTROPHES.sub("", text)).split()
    while tokens and tokens[0] in _PREFIX_STARTS:
        for prefix in _TYPE_PREFIXES:
            size = len(prefix)
            if len(tokens) > size and tuple(tokens[:size]) == prefix:
                tokens = tokens[size:]
                break
        else:
            break
    return " ".join(tokens)


_KIND_BY_FIRST_WORD = {
    "provinsi": "provinsi",
    "prov": "provinsi",
    "propinsi": "provinsi",
    "kabupaten": "kabupaten",
    "kab": "kabupaten",
    "kota": "kota",
    "kotamadya": "kota",
    "kodya": "kota",
    "kecamatan": "kecamatan",
    "kec": "kecamatan",
    "distrik": "distrik",
    "kelurahan": "kelurahan",
    "kel": "kelurahan",
    "desa": "desa",
}


def region_kind_hint(name: str) -> str | None:
    """The ``Region.Kind`` value a name's administrative prefix implies, if any.

    "Kota Bandung" → "kota", "kab. bandung" → "kabupaten", "Bandung" → None. Search uses
    it to rank Kota Bandung above Kabupaten Bandung when the query says "kota".
    """
    tokens = _NON_ALNUM.sub(" ", _APOSTROPHES.sub("", name.lower())).split()
    if len(tokens) < 2:
        return None
    if tokens[:2] == ["desa", "adat"]:
        return "desa_adat"
    return _KIND_BY_FIRST_WORD.get(tokens[0])


def dotted_region_code(code: str) -> str | None:
    """The dotted form of a region code given dotted or undotted, or None if malformed.

    "32.04.05", "320405" and " 32 04 05 " give "32.04.05"; "3204052001" gives
    "32.04.05.2001". Only the shape is checked, not whether the region exists.
    """
    value = code.strip()
    if _DOTTED.match(value):
        return value
    digits = re.sub(r"[\s-]", "", value)
    if not digits.isascii() or not digits.isdigit():
        return None
    if len(digits) not in _UNDOTTED_LENGTHS:
        return None
    parts = [digits[0:2], digits[2:4], digits[4:6], digits[6:10]]
    return ".".join(part for part in parts if part)


def parent_region_code(code: str) -> str | None:
    """The dotted code of the parent of a dotted code ("32.04.05" → "32.04")."""
    head, dot, _tail = code.rpartition(".")
    return head if dot else None


def ancestor_region_codes(code: str) -> list[str]:
    """Dotted codes from the province down to ``code`` ("32.04" → ["32", "32.04"])."""
    parts = code.split(".")
    return [".".join(parts[: index + 1]) for index in range(len(parts))]
