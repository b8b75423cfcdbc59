# SPDX-License-Identifier: EUPL-1.2
"""Search the catalog with everyday words: slang, old names, typos, both languages.

Citizens type "akte lahir", "bikin ktp", "ktp ilang", "ijin usaha", "imb" or "surat
miskin", not the official names. Both the query and each service's names, keywords,
summaries and life events are cut into tokens, and every token is also mapped to a
canonical form through a small Indonesian synonym and slang table (``akte`` → ``akta``,
``ilang`` → ``hilang``, ``imb`` → ``pbg``, ``kelahiran`` → ``lahir`` ...). Each query
token then finds its best match among a service's tokens, exactly or with rapidfuzz
(typos), weighted by where the token sits (name > keyword > summary). A service's score
is the mean over the query tokens, so every word counts; a phrase score breaks ties.
The index is built once per loaded catalog; a query costs well under a millisecond.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from balai.catalog.constants import LIFE_EVENTS
from balai.catalog.definitions import ServiceDefinition

# variant → canonical token (applied to the query and to the indexed texts alike)
SYNONYMS: dict[str, str] = {
    # spelling variants and slang
    "akte": "akta",
    "ijin": "izin",
    "perizinan": "izin",
    "perijinan": "izin",
    "ilang": "hilang",
    "kehilangan": "hilang",
    "ektp": "ktp",
    "ktpel": "ktp",
    "imb": "pbg",
    "kk": "kk",
    "kartukeluarga": "kk",
    # life events in their many forms
    "lahir": "lahir",
    "kelahiran": "lahir",
    "lahiran": "lahir",
    "melahirkan": "lahir",
    "lair": "lahir",
    "bayi": "lahir",
    "birth": "lahir",
    "newborn": "lahir",
    "mati": "mati",
    "kematian": "mati",
    "meninggal": "mati",
    "wafat": "mati",
    "almarhum": "mati",
    "death": "mati",
    "died": "mati",
    "nikah": "nikah",
    "menikah": "nikah",
    "pernikahan": "nikah",
    "kawin": "nikah",
    "perkawinan": "nikah",
    "marriage": "nikah",
    "wedding": "nikah",
    "married": "nikah",
    "pindah": "pindah",
    "pindahan": "pindah",
    "kepindahan": "pindah",
    "mutasi": "pindah",
    "moving": "pindah",
    "move": "pindah",
    "miskin": "miskin",
    "gakin": "miskin",
    "poor": "miskin",
    "poverty": "miskin",
    "usaha": "usaha",
    "bisnis": "usaha",
    "berusaha": "usaha",
    "dagang": "usaha",
    "jualan": "usaha",
    "business": "usaha",
    "bangun": "bangun",
    "bangunan": "bangun",
    "membangun": "bangun",
    "mendirikan": "bangun",
    "gedung": "bangun",
    "building": "bangun",
    "iklan": "reklame",
    "advertising": "reklame",
    "advertisement": "reklame",
    "aduan": "lapor",
    "pengaduan": "lapor",
    "mengadu": "lapor",
    "laporan": "lapor",
    "komplain": "lapor",
    "keluhan": "lapor",
    "complaint": "lapor",
    "complaints": "lapor",
    "report": "lapor",
    "kos": "domisili",
    "ngekos": "domisili",
    "domicile": "domisili",
}

# words that say "I want" rather than what: dropped from queries
STOPWORDS = frozenset(
    [
        "bikin",
        "buat",
        "membuat",
        "urus",
        "ngurus",
        "mengurus",
        "cara",
        "gimana",
        "bagaimana",
        "saya",
        "aku",
        "mau",
        "ingin",
        "yang",
        "di",
        "ke",
        "dan",
        "untuk",
        "atau",
        "bisa",
        "minta",
        "tolong",
        "dong",
        "nya",
        "apa",
        "syarat",
        "persyaratan",
        "daftar",
        "how",
        "to",
        "get",
        "a",
        "an",
        "the",
        "my",
        "i",
        "apply",
        "for",
        "of",
        "do",
        "can",
        "need",
        "new",
    ]
)

_ELONGATION = re.compile(r"(.)\1{2,}")
_NON_WORD = re.compile(r"[^0-9a-z]+")

FIELD_WEIGHTS = {"name": 1.0, "keyword": 0.9, "summary": 0.5, "life_event": 0.45}
MIN_SCORE = 45.0
RELATIVE_FLOOR = 0.6


def tokens(text: str) -> list[str]:
    """Lower-case ASCII words, elongations squeezed ("ktppp" → "ktp")."""
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = folded.encode("ascii", "ignore").decode()
    folded = folded.replace("e-ktp", "ektp").replace("ktp-el", "ktp")
    words = _NON_WORD.split(_ELONGATION.sub(r"\1", folded))
    return [word for word in words if word]


def query_terms(query: str) -> list[tuple[str, str]]:
    """(as typed, canonical) per meaningful word of the query, without repeats."""
    seen: set[str] = set()
    terms = []
    for word in tokens(query):
        if word in STOPWORDS:
            continue
        canonical = SYNONYMS.get(word, word)
        if canonical in seen:
            continue
        seen.add(canonical)
        terms.append((word, canonical))
    return terms


@dataclass
class SearchIndex:
    """Per token of the vocabulary: the services it occurs in with its best weight."""

    services: list[ServiceDefinition]
    postings: dict[str, dict[int, float]]
    vocabulary: list[str]
    phrases: list[list[str]]  # per service: its names and keywords, normalised

    @classmethod
    def build(cls, services: list[ServiceDefinition]) -> SearchIndex:
        postings: dict[str, dict[int, float]] = defaultdict(dict)
        phrases: list[list[str]] = []
        for position, service in enumerate(services):
            fields = {
                "name": [
                    service.name.id,
                    service.name.en,
                    service.slug.replace("-", " "),
                ],
                "keyword": list(service.keywords),
                "summary": [service.summary.id, service.summary.en],
                "life_event": [
                    text
                    for code in service.life_events
                    for text in (LIFE_EVENTS[code].id, LIFE_EVENTS[code].en)
                ],
            }
            for field, texts in fields.items():
                weight = FIELD_WEIGHTS[field]
                for text in texts:
                    for word in tokens(text):
                        if word in STOPWORDS:
                            continue
                        for form in {word, SYNONYMS.get(word, word)}:
                            current = postings[form].get(position, 0.0)
                            postings[form][position] = max(current, weight)
            phrases.append(
                [
                    " ".join(SYNONYMS.get(w, w) for w in tokens(text))
                    for text in (*fields["name"], *fields["keyword"])
                ]
            )
        return cls(services, dict(postings), sorted(postings), phrases)

    def _matches(self, term: str) -> dict[str, float]:
        """Vocabulary tokens close enough to ``term``, with a similarity in [0, 1]."""
        if term in self.postings:  # a known word: no guessing ("meninggal" ≠ "tinggal")
            return {term: 1.0}
        found: dict[str, float] = {}
        if len(term) < 4:  # short words (kk, kia, ktp, nib): exact or prefix only
            for word in self.vocabulary:
                if word != term and len(term) >= 3 and word.startswith(term):
                    found.setdefault(word, 0.85)
            return found
        cutoff = 80 if len(term) <= 5 else 75
        for word, score, _index in process.extract(
            term, self.vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
        ):
            found.setdefault(word, score / 100)
        for word in self.vocabulary:
            if len(word) > len(term) and word.startswith(term):
                found.setdefault(word, 0.9)
        return found

    def search(self, query: str, limit: int) -> list[ServiceDefinition]:
        terms = query_terms(query)
        if not terms:
            return []
        totals = [0.0] * len(self.services)
        matched = [0] * len(self.services)
        for typed, canonical in terms:
            best = [0.0] * len(self.services)
            for term in {typed, canonical}:
                for word, similarity in self._matches(term).items():
                    for position, weight in self.postings[word].items():
                        best[position] = max(best[position], similarity * weight)
            for position, value in enumerate(best):
                totals[position] += value
                matched[position] += value > 0
        query_phrase = " ".join(canonical for _typed, canonical in terms)
        ranked = []
        for position, total in enumerate(totals):
            if not matched[position]:
                continue
            mean = 100 * total / len(terms)
            phrase = max(
                fuzz.token_set_ratio(query_phrase, text)
                for text in self.phrases[position]
            )
            score = 0.8 * mean + 0.2 * phrase
            if score >= MIN_SCORE:
                ranked.append((-score, self.services[position].name.id, position))
        ranked.sort()
        if (
            ranked
        ):  # far weaker matches than the best one are noise ("reklame" ~ "rekam")
            floor = -ranked[0][0] * RELATIVE_FLOOR
            ranked = [item for item in ranked if -item[0] >= floor]
        return [self.services[position] for _s, _n, position in ranked[:limit]]
