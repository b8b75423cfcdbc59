# SPDX-License-Identifier: EUPL-1.2
"""Indonesian or English? A small written model: function words first, then
character cues for texts without any (short, noun-only posts).

Every function word adds one vote for its language; affixes typical of each
language add half a vote. Ties (and empty text) answer ``"id"``: Balai's users
write Indonesian by default, so the cheaper mistake is to treat a few English
words as Indonesian.
"""

from __future__ import annotations

import re
import unicodedata

_ID = """yang dan di ke dari ini itu tidak gak ga nggak enggak tak saya aku kamu anda
    untuk dengan ada akan sudah udah belum juga karena tapi tetapi atau kami kita
    mereka dia sangat banget aja saja sih dong kok deh ya iya bisa apa kenapa mengapa
    bagaimana gimana dalam pada oleh sebagai lebih harus masih lagi mau jadi kalau
    kalo seperti hanya semua pak bu mas mbak kak tolong mohon terima kasih makasih
    bukan jangan sama buat sampai sampe kapan dimana mana siapa begitu gitu sekali
    para pun lah kah nya baru lama cepat bagus jelek mahal murah"""
ID_WORDS = frozenset(_ID.split())
_EN = """the a an and of to in is are was were be been being it its this that these
    those for with on at by from i you he she we they me my your our their not no
    but or have has had do does did can could will would should very so what why
    how who when where which please thanks thank there here just about after
    before because if than then them him her us am any all some more most also
    only out up down over again really good bad service"""
EN_WORDS = frozenset(_EN.split())
_ID_AFFIX = re.compile(
    r"^(?:meng|meny|mem|men|ber|ter|peng|pem|pen|ke)\w{3,}|\w{3,}(?:kan|nya|lah|kah)$"
)
_EN_AFFIX = re.compile(r"\w{3,}(?:tion|ing|ed|ly|ness|ment)$|^(?:th|wh)\w+")
_WORD = re.compile(r"[^\W\d_]+")


def _ascii_lower(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def language_scores(text: str) -> dict[str, float]:
    """Votes for each language; the larger wins."""
    scores = {"id": 0.0, "en": 0.0}
    for word in _WORD.findall(_ascii_lower(text)):
        if word in ID_WORDS:
            scores["id"] += 1.0
        elif word in EN_WORDS:
            scores["en"] += 1.0
        elif _ID_AFFIX.match(word):
            scores["id"] += 0.5
        elif _EN_AFFIX.match(word):
            scores["en"] += 0.5
    return scores


def detect_language(text: str) -> str:
    """``"id"`` or ``"en"`` for a short text; ``"id"`` when undecided."""
    scores = language_scores(text)
    return "en" if scores["en"] > scores["id"] else "id"
