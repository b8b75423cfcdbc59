# SPDX-License-Identifier: EUPL-1.2
"""Collapsing elongated words ("bagusss" → "bagus", "mantaaap" → "mantap") without
breaking real double letters ("saat", "maaf", "tunggu").

Each run of three or more equal letters may stand for one or two; each run of two
may stand for one. Of the spellings this allows, the most frequent known word wins
(the count list ships in ``data/words-id.txt``). A word with no known spelling keeps
its double letters and loses only the runs of three or more (to one letter).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping

_RUN = re.compile(r"([^\W\d_])\1+")
MAX_VARIANTS = 64


def _choices(word: str) -> list[list[str]]:
    parts: list[list[str]] = []
    position = 0
    for match in _RUN.finditer(word):
        if match.start() > position:
            parts.append([word[position : match.start()]])
        letter = match.group(1)
        parts.append([letter * 2, letter])
        position = match.end()
    if position < len(word):
        parts.append([word[position:]])
    return parts


def collapse(word: str, counts: Mapping[str, int]) -> str:
    """The spelling of ``word`` without elongation (lower-case input expected)."""
    if word in counts or not _RUN.search(word):
        return word
    parts = _choices(word)
    best, best_count = "", 0
    for variant in itertools.islice(itertools.product(*parts), MAX_VARIANTS):
        candidate = "".join(variant)
        count = counts.get(candidate, 0)
        if count > best_count:
            best, best_count = candidate, count
    if best:
        return best
    return re.sub(r"([^\W\d_])\1{2,}", r"\1", word)


def is_elongated(word: str) -> bool:
    """Three or more equal letters in a row: an expressive spelling."""
    return bool(re.search(r"([^\W\d_])\1\1", word))
