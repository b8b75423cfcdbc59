# SPDX-License-Identifier: EUPL-1.2
"""Text → the token string the vectorisers read: ``balai.text`` normalisation,
negation scope (``tidak_bagus``) and sarcasm/register markers.

Markers are extra tokens (``__quote__``, ``__praise_with_complaint__`` ...): the model
learns their weight. They cannot detect sarcasm alone; they give the linear model a
handle on the common Indonesian patterns (praise words next to waiting times, scare
quotes around an official promise, "makasih lho", laughter after a complaint).
"""

from __future__ import annotations

import re

from balai import text as T

_PRAISE = (
    "hebat bagus mantap keren luar biasa salut selamat makasih terima kasih asik "
    "prima canggih cepat ramah enak top"
)
# complaint words; negators are left out (negation has its own features)
_COMPLAINT = (
    "lama antre antrean jam bulan tahun rusak error galat mati down gagal ribet lambat "
    "bolong banjir lubang kosong bayar pungli calo dibentak"
)
PRAISE = frozenset(_PRAISE.split())
COMPLAINT = frozenset(_COMPLAINT.split())
_QUOTED = re.compile(r"[\"“”'‘’]([^\"“”'‘’]{2,40})[\"“”'‘’]")
_IRONY = re.compile(
    r"\b(?:katanya|kata nya|makasih lho|terima kasih lho|oh tentu|ya ampun|"
    r"selamat ya|semoga .* sebelum|kata siapa)\b"
)
_TIME_AMOUNT = re.compile(r"\b\d+\s*(?:jam|hari|minggu|bulan|tahun|kali|x)\b")


def markers(raw: str, tokens: list[str]) -> list[str]:
    """Marker tokens for ``raw`` (original text) and its normalised tokens."""
    found = []
    lower = raw.lower()
    words = set(tokens)
    if _QUOTED.search(raw):
        found.append("__quote__")
    if _IRONY.search(lower) or _IRONY.search(" ".join(tokens)):
        found.append("__irony__")
    if words & PRAISE and words & COMPLAINT:
        found.append("__praise_with_complaint__")
    if _TIME_AMOUNT.search(" ".join(tokens)):
        found.append("__duration__")
    if "haha" in words and words & COMPLAINT:
        found.append("__laugh_complaint__")
    if "!" in lower:
        found.append("__exclaim__")
    if "?" in lower:
        found.append("__question__")
    if any(tok.startswith("<emo_") for tok in tokens):
        found.append("__emoji__")
    return found


def is_sarcasm_marked(raw: str) -> bool:
    """True when the text carries an irony marker or praise beside a complaint."""
    tokens = T.normalise(raw).split()
    found = markers(raw, tokens)
    return "__irony__" in found or "__praise_with_complaint__" in found


def prepare(raw: str) -> str:
    """The feature string of one text (lower case, space-separated tokens)."""
    tokens = T.normalise(raw).split()
    scoped = T.negation_scope(tokens)
    return " ".join([*scoped, *markers(raw, tokens)])
