# SPDX-License-Identifier: EUPL-1.2
"""Normalised names for the register's blind indexes ("name" and "name + birth date").

Pure functions, no Django models: the blind index fields resolve them by dotted path.
``normalise_name("Dr. H. Ahmad  Suryadi, S.H., M.Kn.")`` gives ``"ahmad suryadi"``:
accents and case folded, honorifics in front and degrees behind dropped, punctuation
removed (apostrophes join, other marks split), whitespace collapsed.
"""

from __future__ import annotations

import re
import unicodedata

# Honorifics and titles written before a name (with or without a dot).
PREFIX_TITLES = frozenset(
    {
        "bapak",
        "bpk",
        "ibu",
        "sdr",
        "sdri",
        "saudara",
        "saudari",
        "tn",
        "tuan",
        "ny",
        "nyonya",
        "nn",
        "nona",
        "dr",
        "drs",
        "dra",
        "ir",
        "prof",
        "h",
        "hj",
        "kh",
        "dr.h",
        "dr.hj",
    }
)
# Academic degrees written after a name without a comma ("Budi Santoso SH").
SUFFIX_DEGREES = frozenset(
    {
        "sh",
        "se",
        "st",
        "sp",
        "spd",
        "ssi",
        "skom",
        "ssos",
        "sip",
        "sked",
        "sag",
        "sh.i",
        "mm",
        "mh",
        "mkn",
        "msi",
        "mt",
        "mpd",
        "mba",
        "amd",
        "phd",
    }
)
_APOSTROPHES = re.compile(r"[’'`´]")
_NOT_WORD = re.compile(r"[^0-9a-z.\s]")
_SPACES = re.compile(r"\s+")
NAME_BIRTH_SEPARATOR = "|"


def _fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _bare(token: str) -> str:
    return token.strip(".")


def normalise_name(value: str) -> str | None:
    """The comparable form of a person's name, or None when nothing is left."""
    text = _fold(value or "")
    text = text.split(",", 1)[0]  # "Nama, S.H., M.M." → degrees follow the comma
    text = _APOSTROPHES.sub("", text)
    text = _NOT_WORD.sub(" ", text)
    tokens = [t for t in _SPACES.split(text) if _bare(t)]
    while len(tokens) > 1 and _bare(tokens[0]) in PREFIX_TITLES:
        tokens.pop(0)
    while len(tokens) > 1 and _bare(tokens[-1]).replace(".", "") in SUFFIX_DEGREES:
        tokens.pop()
    words = [_bare(t).replace(".", " ") for t in tokens]
    name = _SPACES.sub(" ", " ".join(words)).strip()
    return name or None


def normalise_name_birth(value: str) -> str | None:
    """``"<name>|<ISO birth date>"``, the name normalised; None if a part is empty."""
    name, _sep, born = (value or "").rpartition(NAME_BIRTH_SEPARATOR)
    normalised = normalise_name(name)
    born = born.strip()
    if not normalised or not born:
        return None
    return f"{normalised}{NAME_BIRTH_SEPARATOR}{born}"
