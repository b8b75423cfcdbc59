# SPDX-License-Identifier: EUPL-1.2
"""``normalise(text)``: one canonical, space-separated form of informal Indonesian.

Steps, in order: NFKC and HTML entities; links, e-mail addresses and mentions to
placeholders (``<url>``, ``<email>``, ``<user>``; EmoT's ``[URL]``/``[USERNAME]``
too); hashtags split into words (camel case, digits, or known lower-case words);
emoji and emoticons to ``<emo_*>`` tokens; lower case; words and punctuation split
apart; laughter to ``haha``; ``kata2`` to ``kata-kata``; elongation collapsed; slang
and abbreviations expanded from the lexicon (skipped for text detected as English).
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

from . import elongation, slang
from .emoji import replace_emoji
from .langid import detect_language

URL = "<url>"
USER = "<user>"
EMAIL = "<email>"
PLACEHOLDERS = frozenset({URL, USER, EMAIL})

_URL = re.compile(
    r"(?:https?://|www\.)\S+?(?=[.,;:!?)\]]*(?:\s|$))"
    r"|\b[a-z0-9-]+\.(?:com|id|net|org|co\.id|go\.id|ly)(?:/\S*?)?(?=[.,;:!?)\]]*(?:\s|$))",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_MENTION = re.compile(r"(?<![\w@])@\w{1,30}")
_EMOT_PLACEHOLDER = re.compile(r"\[(URL|USERNAME)\]")
_HASHTAG = re.compile(r"(?<![\w#])#(\w+)")
_CAMEL = re.compile(r"[A-Z]{2,}(?=[A-Z][a-z]|\d|$)|[A-Z]?[a-z]+|[A-Z]+|\d+")
_TOKEN = re.compile(
    r"<(?:url|user|email|emo_[a-z]+)>|[^\W_]+(?:[-'][^\W_]+)*|([^\w\s])\1*"
)
_LAUGH = re.compile(
    r"^(?:(?:wk|kw)+w?k?|(?:ha|ah){2,}h?|(?:he){2,}h?|(?:hi){2,}h?|(?:xi){2,}|(?:ka){3,}k?|a?(?:ha)+ha)$"
)
_REDUP = re.compile(r"^([^\W\d_]{2,})2$")
MAX_HASHTAG = 40


def _split_hashtag(tag: str) -> str:
    if any(ch.isupper() for ch in tag[1:]) or any(ch.isdigit() for ch in tag):
        return " ".join(_CAMEL.findall(tag))
    return _segment(tag.lower()) if len(tag) <= MAX_HASHTAG else tag


@lru_cache(maxsize=4096)
def _segment(tag: str) -> str:
    """Split a lower-case hashtag into known words (most probable split), or keep it."""
    counts = slang.word_counts()
    if tag in counts:
        return tag
    best: list[tuple[float, list[str]] | None] = [None] * (len(tag) + 1)
    best[0] = (0.0, [])
    for end in range(2, len(tag) + 1):
        for start in range(max(0, end - 20), end - 1):
            word, head = tag[start:end], best[start]
            if head is None or word not in counts:
                continue
            score = head[0] + _log(counts[word])
            current = best[end]
            if current is None or score > current[0]:
                best[end] = (score, [*head[1], word])
    result = best[len(tag)]
    return " ".join(result[1]) if result else tag


def _log(count: int) -> float:
    # A per-word penalty favours fewer, longer words; counts break ties.
    return -12.0 + (count.bit_length() * 0.7)


def _prepare(text: str) -> str:
    text = html.unescape(unicodedata.normalize("NFKC", text))
    text = _EMOT_PLACEHOLDER.sub(
        lambda m: f" {URL if m.group(1) == 'URL' else USER} ", text
    )
    text = _EMAIL.sub(f" {EMAIL} ", text)
    text = _URL.sub(f" {URL} ", text)
    text = _MENTION.sub(f" {USER} ", text)
    text = _HASHTAG.sub(lambda m: f" {_split_hashtag(m.group(1))} ", text)
    return replace_emoji(text)


@lru_cache(maxsize=65536)
def normalise_word(word: str, use_slang: bool = True) -> str:
    """One lower-case word token to its canonical form (may become several words)."""
    if _LAUGH.match(word):
        return "haha"
    lexicon = slang.lexicon() if use_slang else {}
    if word in lexicon:
        return lexicon[word]
    redup = _REDUP.match(word)
    if redup:
        base = redup.group(1)
        base = lexicon.get(base, base)
        return f"{base}-{base}"
    collapsed = elongation.collapse(word, slang.word_counts())
    return lexicon.get(collapsed, collapsed)


def normalise(text: str, *, slang: bool = True, keep_case: bool = False) -> str:
    """The canonical form of ``text``: tokens separated by single spaces.

    ``slang=False`` keeps informal words as written (elongation and placeholders
    still apply); ``keep_case=True`` keeps the case of words not rewritten.
    """
    if not text:
        return ""
    prepared = _prepare(str(text))
    use_slang = slang and detect_language(prepared) == "id"
    out: list[str] = []
    for match in _TOKEN.finditer(prepared):
        token = match.group(0)
        if match.group(1):  # punctuation: "!!!" → "!"
            out.append(match.group(1))
            continue
        if token in PLACEHOLDERS or token.startswith("<emo_"):
            out.append(token)
            continue
        lower = token.lower()
        word = normalise_word(lower, use_slang)
        out.append(token if keep_case and word == lower else word)
    return " ".join(out)
