# SPDX-License-Identifier: EUPL-1.2
"""The intent classifier: TF-IDF over normalised words (1–2-grams) and character
2–5-grams, then a logistic regression over exactly ``constants.INTENTS``.

Trained by ``balai assistant train`` from ``data/train.tsv`` (written for the project,
kept apart from the evaluation set) and shipped as ``artefacts/intent.joblib`` with a
``card.json``: a fresh install answers without training and downloads nothing.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import joblib
import numpy as np

from balai.assistant.constants import INTENTS
from balai.assistant.nlu.normalise import prepare

PACKAGED = Path(__file__).resolve().parent.parent / "artefacts"
MODEL = "intent.joblib"
CARD = "card.json"
_lock = threading.Lock()


@dataclass(frozen=True)
class IntentPrediction:
    intent: str
    confidence: float
    ranking: tuple[tuple[str, float], ...]  # best first


class IntentModel:
    def __init__(self, *, C: float = 8.0, version: str = "") -> None:
        self.version = version
        self.card: dict[str, Any] = {}
        # scikit-learn on use (a model is built or unpickled), not with the URLconf
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion, Pipeline

        self.pipeline = Pipeline(
            [
                (
                    "features",
                    FeatureUnion(
                        [
                            (
                                "words",
                                TfidfVectorizer(
                                    token_pattern=r"\S+",  # noqa: S106 (a regex)
                                    ngram_range=(1, 2),
                                    sublinear_tf=True,
                                    dtype=np.float32,
                                ),
                            ),
                            (
                                "chars",
                                TfidfVectorizer(
                                    analyzer="char_wb",
                                    ngram_range=(2, 5),
                                    sublinear_tf=True,
                                    min_df=2,
                                    dtype=np.float32,
                                ),
                            ),
                        ]
                    ),
                ),
                ("classifier", LogisticRegression(C=C, max_iter=3000)),
            ]
        )

    def fit(self, texts: Sequence[str], intents: Sequence[str]) -> IntentModel:
        unknown = set(intents) - set(INTENTS)
        if unknown:
            raise ValueError(f"unknown intents in training data: {sorted(unknown)}")
        self.pipeline.fit([prepare(t) for t in texts], list(intents))
        return self

    @property
    def labels(self) -> list[str]:
        return [str(label) for label in self.pipeline.classes_]

    def predict(self, texts: Sequence[str]) -> list[IntentPrediction]:
        if not texts:
            return []
        probabilities = self.pipeline.predict_proba([prepare(t) for t in texts])
        labels = self.labels
        out = []
        for row in probabilities:
            order = np.argsort(-row)
            ranking = tuple((labels[i], round(float(row[i]), 4)) for i in order)
            out.append(IntentPrediction(ranking[0][0], ranking[0][1], ranking))
        return out

    def fingerprint(self) -> str:
        coef = self.pipeline.named_steps["classifier"].coef_
        data = np.ascontiguousarray(coef, dtype=np.float32).tobytes()
        return hashlib.sha256(data).hexdigest()[:16]


def save(model: IntentModel, directory: Path = PACKAGED) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / MODEL
    joblib.dump(model, path, compress=("xz", 6))
    (directory / CARD).write_text(
        json.dumps(model.card, indent=2, ensure_ascii=False) + "\n", "utf-8"
    )
    return path


def read_card(directory: Path = PACKAGED) -> dict[str, Any]:
    path = directory / CARD
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


@cache
def _load(path: str) -> IntentModel:
    model = joblib.load(path)
    if not isinstance(model, IntentModel):
        raise TypeError(f"{path} is not a Balai intent model")
    return model


def load(directory: Path | None = None) -> IntentModel:
    """The trained model (cached per process); FileNotFoundError without one."""
    path = (directory or PACKAGED) / MODEL
    if not path.exists():
        raise FileNotFoundError(f"no trained intent model at {path}")
    with _lock:
        return _load(str(path))


def reset_cache() -> None:
    _load.cache_clear()
