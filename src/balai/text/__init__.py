# SPDX-License-Identifier: EUPL-1.2
"""Balai's Indonesian text toolkit (floor 1: pure Python, no Django, no models).

    >>> from balai import text
    >>> text.normalise("Pelayanannya bagusss bgt 👍 #DukcapilKeren")
    'pelayanannya bagus banget <emo_good> dukcapil keren'
    >>> text.negation_scope(text.tokens("gak ramah"))
    ['tidak', 'tidak_ramah']

Public API: :func:`normalise`, :func:`tokens`, :func:`detect_language`,
:func:`negation_scope`, :func:`balai.text.slang.lexicon`. No stemming: Sastrawi is
far too slow for the request path (about 5 documents a second on unseen words).
"""

from __future__ import annotations

from . import slang
from .langid import detect_language
from .negation import NEGATORS, negation_scope
from .normalise import EMAIL, URL, USER, normalise

__all__ = [
    "EMAIL",
    "NEGATORS",
    "URL",
    "USER",
    "detect_language",
    "negation_scope",
    "normalise",
    "slang",
    "tokens",
]


def tokens(text: str, *, slang: bool = True) -> list[str]:
    """The word tokens of ``normalise(text)``: words, numbers, placeholders and emoji
    tokens, without punctuation."""
    return [
        token
        for token in normalise(text, slang=slang).split()
        if token[0] == "<" or any(ch.isalnum() for ch in token)
    ]
