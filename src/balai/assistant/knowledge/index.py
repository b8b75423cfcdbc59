# SPDX-License-Identifier: EUPL-1.2
"""The knowledge index: every catalog service cut into sections, every published
FAQ entry and every public page the apps describe (``balai.core.sitemap``),
searched by BM25 over normalised words plus character n-gram cosine.

BM25 (k1 1.2, b 0.75) finds documents sharing the query's words; character 3–5-grams
of the same words forgive typos and affixes ("persyaratanya", "kelahran"). The two
scores are mixed half and half after scaling BM25 to [0, 1] by the best hit.

The index is built once per catalog load and FAQ version: a catalog reload gives new
definition objects (a new key), and saving or deleting an FAQ entry sets a new version
token in Django's cache (shared by every process), so the next message rebuilds.
"""

from __future__ import annotations

import math
import threading
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache

import numpy as np

from balai.assistant.knowledge import facts
from balai.assistant.nlu.normalise import terms
from balai.catalog.definitions import ServiceDefinition

FAQ_VERSION_KEY = "assistant:faq-version"
K1, B = 1.2, 0.75
BM25_WEIGHT = 0.5


@dataclass(frozen=True)
class Document:
    key: str  # "service:<slug>:<section>", "faq:<id>" or "page:<url name>"
    kind: str  # "service", "faq" or "page"
    slug: str  # the service it is about, or ""
    section: str  # a facts section, or the FAQ's intent
    title_id: str
    title_en: str
    body_id: str
    body_en: str
    url: str
    words: tuple[str, ...] = field(repr=False, default=())


@dataclass(frozen=True)
class Hit:
    document: Document
    score: float
    bm25: float
    chars: float


class Index:
    def __init__(self, documents: list[Document]) -> None:
        self.documents = documents
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.lengths = np.array([max(len(d.words), 1) for d in documents], float)
        self.average = float(self.lengths.mean()) if documents else 1.0
        for number, document in enumerate(documents):
            for word, count in Counter(document.words).items():
                self.postings[word].append((number, count))
        total = len(documents)
        self.idf = {
            word: math.log(1 + (total - len(p) + 0.5) / (len(p) + 0.5))
            for word, p in self.postings.items()
        }
        # scikit-learn loads here, not at start-up: every process imports this
        # module (the FAQ receivers) and most never build an index
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32
        )
        corpus = [" ".join(d.words) or "-" for d in documents] or ["-"]
        self.matrix = self.chars.fit_transform(corpus)

    def bm25(self, words: list[str]) -> np.ndarray:
        scores = np.zeros(len(self.documents))
        for word in set(words):
            idf = self.idf.get(word)
            if idf is None:
                continue
            for number, count in self.postings[word]:
                norm = K1 * (1 - B + B * self.lengths[number] / self.average)
                scores[number] += idf * count * (K1 + 1) / (count + norm)
        return scores

    def search(
        self, text: str, *, limit: int = 5, kind: str = "", slug: str = ""
    ) -> list[Hit]:
        """The best documents for ``text`` (optionally only one kind or service)."""
        words = terms(text)
        if not words or not self.documents:
            return []
        lexical = self.bm25(words)
        best = lexical.max()
        scaled = lexical / best if best > 0 else lexical
        query = self.chars.transform([" ".join(words)])
        chars = (self.matrix @ query.T).toarray().ravel()
        mixed = BM25_WEIGHT * scaled + (1 - BM25_WEIGHT) * chars
        order = np.argsort(-mixed)
        hits = []
        for number in order:
            document = self.documents[number]
            if mixed[number] <= 0:
                break
            if (kind and document.kind != kind) or (slug and document.slug != slug):
                continue
            hits.append(
                Hit(
                    document,
                    round(float(mixed[number]), 4),
                    round(float(lexical[number]), 3),
                    round(float(chars[number]), 4),
                )
            )
            if len(hits) >= limit:
                break
        return hits


def service_documents(services: list[ServiceDefinition]) -> list[Document]:
    documents = []
    for service in services:
        names = " ".join(
            [service.name.id, service.name.en, service.slug, *service.keywords]
        )
        for name in facts.SECTIONS:
            id_part = facts.section(service, name, "id")
            en_part = facts.section(service, name, "en")
            words = terms(f"{names} {names} {id_part.text} {en_part.text}")
            documents.append(
                Document(
                    key=f"service:{service.slug}:{name}",
                    kind="service",
                    slug=service.slug,
                    section=name,
                    title_id=service.name.id,
                    title_en=service.name.en,
                    body_id=id_part.text,
                    body_en=en_part.text,
                    url=id_part.url,
                    words=tuple(words),
                )
            )
    return documents


def faq_documents(rows: list[dict[str, Any]]) -> list[Document]:
    from django.urls import reverse

    documents = []
    for row in rows:
        questions = f"{row['question_id']} {row['question_en']} {row['keywords']}"
        words = terms(f"{questions} {questions} {row['answer_id']} {row['answer_en']}")
        documents.append(
            Document(
                key=f"faq:{row['id']}",
                kind="faq",
                slug=row["service_slug"],
                section=row["intent"],
                title_id=row["question_id"],
                title_en=row["question_en"],
                body_id=row["answer_id"],
                body_en=row["answer_en"],
                url=reverse("assistant:faq-detail", kwargs={"faq_id": row["id"]}),
                words=tuple(words),
            )
        )
    return documents


def page_documents(pages: list[Any]) -> list[Document]:
    """One document per public page: its title twice (as names weigh in services),
    its everyday words and its summary, in both languages."""
    documents = []
    for page in pages:
        title_id, summary_id = page.text("id")
        title_en, summary_en = page.text("en")
        names = " ".join([title_id, title_en, *page.keywords])
        words = terms(f"{names} {names} {summary_id} {summary_en}")
        documents.append(
            Document(
                key=f"page:{page.url_name}",
                kind="page",
                slug="",
                section="",
                title_id=title_id,
                title_en=title_en,
                body_id=summary_id,
                body_en=summary_en,
                url=page.url,
                words=tuple(words),
            )
        )
    return documents


_lock = threading.Lock()
_built: dict[str, Any] = {"key": None, "index": None}


def faq_version() -> str:
    return str(cache.get(FAQ_VERSION_KEY) or "-")


def bump_faq_version() -> None:
    """Make every process rebuild its index at its next message (a fresh random
    token, so a cleared or evicted cache also forces a rebuild)."""
    cache.set(FAQ_VERSION_KEY, uuid.uuid4().hex, timeout=None)


def current() -> Index:
    """The index of the loaded catalog and the published FAQ (built when stale)."""
    from balai.assistant.selectors import faq_rows_for_index
    from balai.catalog.selectors import service_list
    from balai.core.sitemap import public_pages

    services = service_list()
    pages = public_pages()
    key = (tuple(id(s) for s in services), faq_version(), len(pages))
    if _built["key"] == key:
        return _built["index"]  # type: ignore[no-any-return]
    with _lock:
        if _built["key"] != key:
            documents = (
                service_documents(services)
                + faq_documents(faq_rows_for_index())
                + page_documents(pages)
            )
            _built["index"] = Index(documents)
            _built["key"] = key
    return _built["index"]  # type: ignore[no-any-return]


def reset() -> None:
    _built.update(key=None, index=None)
