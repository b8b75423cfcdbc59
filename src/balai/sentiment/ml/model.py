# SPDX-License-Identifier: EUPL-1.2
"""The classifiers: a fast TF-IDF model, and a quality model that averages it with a
logistic regression on multilingual-e5-small sentence embeddings (late fusion).
Both decide with prior-corrected probabilities.

Decision rule: SmSA's training mix is 58 % positive / 31 % negative / 10 % neutral,
while citizen feedback (and SmSA's own test split) has far more neutral and negative
text. The model therefore divides each class probability by its training prior before
taking the largest (a uniform-prior decision, the usual choice when macro-F1 counts),
and renormalises; ``score`` is that adjusted probability of the chosen label. The raw
probabilities are kept for inspection.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from balai.sentiment.ml.features import prepare

LABELS = ("negative", "neutral", "positive")
Embedder = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class Prediction:
    label: str
    score: float
    probabilities: dict[str, float]
    uncertainty: float  # 1 - margin between the two most likely labels, in [0, 1]


def _word_vectoriser() -> TfidfVectorizer:
    return TfidfVectorizer(
        token_pattern=r"\S+",  # noqa: S106 (a regex, not a password)
        lowercase=False,
        ngram_range=(1, 2),
        min_df=2,
        sublinear_tf=True,
        max_features=120_000,
        dtype=np.float32,
    )


@lru_cache(maxsize=200_000)
def _affixes(word: str) -> tuple[str, ...]:
    if len(word) < 5 or word[0] in "<_" or "_" in word:
        return ()
    return (f"p3:{word[:3]}", f"s3:{word[-3:]}", f"p4:{word[:4]}", f"s4:{word[-4:]}")


def affixes(prepared: str) -> list[str]:
    """First and last three and four letters of each longer word: a cheap stand-in
    for stemming and character n-grams (``dilayani`` shares ``p3:dil``/``s3:ani``
    with ``dilayaninya``...), cached per word so it costs a dictionary lookup."""
    return [affix for word in prepared.split() for affix in _affixes(word)]


def _affix_vectoriser() -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer=affixes, min_df=2, sublinear_tf=True, dtype=np.float32
    )


class _Decisions:
    """predict/labels from ``probabilities`` (prior-corrected, rows in LABELS order)."""

    version: str
    card: dict[str, Any]
    uses_embeddings = False

    def probabilities(
        self, texts: Sequence[str], *, embeddings: np.ndarray | None = None
    ) -> np.ndarray:
        raise NotImplementedError

    def predict(
        self, texts: Sequence[str], *, embeddings: np.ndarray | None = None
    ) -> list[Prediction]:
        if not texts:
            return []
        probs = self.probabilities(texts, embeddings=embeddings)
        order = np.argsort(-probs, axis=1)
        out = []
        for row, ranks in zip(probs, order, strict=True):
            best, second = row[ranks[0]], row[ranks[1]]
            out.append(
                Prediction(
                    label=LABELS[ranks[0]],
                    score=round(float(best), 4),
                    probabilities={
                        label: round(float(p), 4)
                        for label, p in zip(LABELS, row, strict=True)
                    },
                    uncertainty=round(float(1.0 - (best - second)), 4),
                )
            )
        return out

    def labels(
        self, texts: Sequence[str], *, embeddings: np.ndarray | None = None
    ) -> list[str]:
        if not texts:
            return []
        probs = self.probabilities(texts, embeddings=embeddings)
        return [LABELS[i] for i in probs.argmax(axis=1)]


def _prior_corrected(raw: np.ndarray, priors: np.ndarray) -> np.ndarray:
    adjusted = raw / priors
    result: np.ndarray = adjusted / adjusted.sum(axis=1, keepdims=True)
    return result


def _priors(y: np.ndarray) -> np.ndarray:
    return np.array([np.mean(y == label) for label in LABELS])


class SentimentModel(_Decisions):
    """The fast model: TF-IDF (word 1-2-grams + word affixes) → logistic regression."""

    def __init__(self, *, C: float = 10.0, version: str = "") -> None:
        self.C = C
        self.version = version
        self.word = _word_vectoriser()
        self.affix = _affix_vectoriser()
        self.classifier = LogisticRegression(C=C, max_iter=5000)
        self.priors = np.ones(len(LABELS)) / len(LABELS)
        self.card: dict[str, Any] = {}

    def _features(self, prepared: list[str], *, fit: bool = False) -> sparse.csr_matrix:
        if fit:
            blocks = [
                self.word.fit_transform(prepared),
                self.affix.fit_transform(prepared),
            ]
        else:
            blocks = [self.word.transform(prepared), self.affix.transform(prepared)]
        return sparse.hstack(blocks, format="csr", dtype=np.float32)

    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        weights: Sequence[float] | None = None,
    ) -> SentimentModel:
        X = self._features([prepare(text) for text in texts], fit=True)
        y = np.array(labels)
        self.classifier.fit(
            X, y, sample_weight=None if weights is None else np.asarray(weights)
        )
        if tuple(self.classifier.classes_) != LABELS:
            raise ValueError(f"training labels must be {LABELS}")
        self.priors = _priors(y)
        return self

    def probabilities(
        self, texts: Sequence[str], *, embeddings: np.ndarray | None = None
    ) -> np.ndarray:
        X = self._features([prepare(text) for text in texts])
        return _prior_corrected(self.classifier.predict_proba(X), self.priors)

    def fingerprint(self) -> str:
        """A short hash of the learned weights: equal for equal trainings."""
        coef = np.ascontiguousarray(self.classifier.coef_, dtype=np.float32)
        return hashlib.sha256(coef.tobytes()).hexdigest()[:16]


class FusionModel(_Decisions):
    """The quality model: ``alpha`` × an e5-embedding logistic regression plus
    (1 − ``alpha``) × the fast model, both prior-corrected."""

    uses_embeddings = True

    def __init__(
        self,
        *,
        fast: SentimentModel,
        C: float = 4.0,
        alpha: float = 0.5,
        version: str = "",
    ) -> None:
        self.fast = fast
        self.C = C
        self.alpha = alpha
        self.version = version
        self.head = LogisticRegression(C=C, max_iter=5000)
        self.priors = np.ones(len(LABELS)) / len(LABELS)
        self.card: dict[str, Any] = {}

    def fit(
        self,
        embeddings: np.ndarray,
        labels: Sequence[str],
        *,
        weights: Sequence[float] | None = None,
    ) -> FusionModel:
        y = np.array(labels)
        self.head.fit(
            embeddings,
            y,
            sample_weight=None if weights is None else np.asarray(weights),
        )
        if tuple(self.head.classes_) != LABELS:
            raise ValueError(f"training labels must be {LABELS}")
        self.priors = _priors(y)
        return self

    def probabilities(
        self, texts: Sequence[str], *, embeddings: np.ndarray | None = None
    ) -> np.ndarray:
        if embeddings is None or len(embeddings) != len(texts):
            raise ValueError("the quality model needs one embedding per text")
        head = _prior_corrected(self.head.predict_proba(embeddings), self.priors)
        return self.alpha * head + (1 - self.alpha) * self.fast.probabilities(texts)

    def fingerprint(self) -> str:
        coef = np.ascontiguousarray(self.head.coef_, dtype=np.float32)
        digest = hashlib.sha256(coef.tobytes()).hexdigest()[:8]
        return f"{self.fast.fingerprint()[:8]}{digest}"
