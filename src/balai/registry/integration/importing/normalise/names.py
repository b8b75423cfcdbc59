# SPDX-License-Identifier: EUPL-1.2
"""Names and places: trimmed, spaces collapsed, shouted or whispered text title-cased.

A name the source wrote in mixed case keeps its casing (the source knew "McDonald" or
"La Ode" better than a rule would); ALL CAPS and all lower case become Title Case,
with particles such as *bin*/*binti*/*van* kept lower case inside a name, and
academic degrees after the first comma kept as written.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from balai.registry.integration.importing.codes import (
    EMPTY,
    INVALID_NAME,
    ValueProblem,
)

_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
PARTICLES = frozenset(
    {"bin", "binti", "bte", "bt", "van", "der", "den", "von", "de", "da", "dos", "di"}
)


def text_of(value: object) -> str:
    """A cell as text: None → "", integral floats without ".0", spaces collapsed."""
    if value is None:
        return ""
    if type(value) is str and value.isascii() and value.isprintable():
        # nothing to normalise (NFC) or replace (controls); only runs of spaces
        return value.strip() if "  " not in value else " ".join(value.split())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = unicodedata.normalize("NFC", str(value))
    return _SPACES.sub(" ", _CONTROL.sub(" ", text)).strip()


def _cap(word: str) -> str:
    """Capitalise each part of a hyphenated word; letters after an apostrophe stay."""
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


def title_case(text: str) -> str:
    """Title Case for ALL-CAPS or lower-case text; mixed case is left alone."""
    if text != text.upper() and text != text.lower():
        return text
    words = text.lower().split(" ")
    out = []
    for position, word in enumerate(words):
        if position and word in PARTICLES:
            out.append(word)
        else:
            out.append(_cap(word))
    return " ".join(out)


def clean_name(value: object) -> str:
    """A person's name for display; ValueProblem when empty or without letters."""
    text = text_of(value)
    if not text:
        raise ValueProblem(EMPTY)
    name, comma, degrees = text.partition(",")
    name = name.strip()
    if not any(char.isalpha() for char in name):
        raise ValueProblem(INVALID_NAME)
    shown = title_case(name)
    degrees = degrees.strip()
    return f"{shown}, {degrees}" if comma and degrees else shown


def clean_place(value: object) -> str:
    """A place of birth: like a name, but empty is fine and digits are dropped."""
    text = text_of(value)
    if not any(char.isalpha() for char in text):
        return ""
    return title_case(text)
