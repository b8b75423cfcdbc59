# SPDX-License-Identifier: EUPL-1.2
"""The informal → formal lexicon: IndoCollex (MIT, shipped unmodified beside this
module with its licence) overlaid with Balai's own supplement.

The supplement adds forms that matter for public-service feedback (negations,
``akte``, ``bikin``, ``antri``) and removes IndoCollex entries that are English
words (``is`` → ``adalah`` would garble English text) or loose, coarse mappings
(``anjay`` → ``anjing``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType

REMOVED = "-"


def _read_tsv(name: str) -> list[tuple[str, str]]:
    text = resources.files("balai.text").joinpath("data", name).read_text("utf-8")
    rows = []
    for number, line in enumerate(text.splitlines()):
        if number == 0 or not line.strip() or line.startswith("#"):
            continue  # header row, blank lines and comments
        informal, _tab, formal = line.partition("\t")
        if informal and formal:
            rows.append((informal.strip().lower(), formal.strip()))
    return rows


@cache
def indocollex() -> Mapping[str, str]:
    """IndoCollex exactly as published (2,622 entries)."""
    return MappingProxyType(dict(_read_tsv("indocollex.tsv")))


@cache
def supplement() -> Mapping[str, str]:
    """Balai's own entries; a value of ``"-"`` removes an IndoCollex entry."""
    return MappingProxyType(dict(_read_tsv("supplement.tsv")))


@cache
def lexicon() -> Mapping[str, str]:
    """The merged lexicon used by :func:`balai.text.normalise` (lower-case values)."""
    merged = {key: value.lower() for key, value in indocollex().items()}
    for key, value in supplement().items():
        if value == REMOVED:
            merged.pop(key, None)
        else:
            merged[key] = value.lower()
    return MappingProxyType(merged)


@cache
def word_counts() -> Mapping[str, int]:
    """Everyday word forms with a corpus count (words-id.txt), plus the lexicon's both
    sides (count 1 when not seen): what the elongation and hashtag rules may produce."""
    counts: dict[str, int] = {}
    text = resources.files("balai.text").joinpath("data", "words-id.txt")
    for line in text.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            word, _tab, count = line.partition("\t")
            counts[word] = int(count or 1)
    for key, value in lexicon().items():
        counts.setdefault(key, 1)
        for word in value.split():
            counts.setdefault(word, 1)
    return MappingProxyType(counts)
