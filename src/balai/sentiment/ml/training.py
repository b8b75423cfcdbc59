# SPDX-License-Identifier: EUPL-1.2
"""``balai sentiment train``: the same files give the same model.

Training data: SmSA train + valid (12,260 texts), Balai's public-service examples
(train split only; the held-out split is never trained on), and any officer
corrections handed in by the caller. NusaX is never used (its sentences come from
SmSA); EmoT is kept for evaluation only. Rows keep file order and scikit-learn's
lbfgs solver is deterministic, so two trainings on the same data give the same
weights (``SentimentModel.fingerprint``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from balai.sentiment.ml import data
from balai.sentiment.ml.model import SentimentModel

#: weight of the e5 block beside the TF-IDF blocks (tuned on SmSA valid)
EMBEDDING_WEIGHT = 1.0
#: Balai's own public-service examples (and officers' corrections) count this many
#: times: 341 texts beside 12,260 reviews would otherwise barely move the model
DOMAIN_WEIGHT = 3.0
C_FAST = 10.0
C_QUALITY = 10.0


def training_data(
    root: Path, corrections: Sequence[tuple[str, str]] = ()
) -> data.Dataset:
    """SmSA train+valid, Balai's public-service train split, then corrections."""
    dataset = (
        data.smsa("train", root)
        + data.smsa("valid", root)
        + data.public_service("train")
    )
    if corrections:
        texts, labels = zip(*corrections, strict=True)
        dataset = dataset + data.Dataset(
            "corrections", list(texts), list(labels), domain=len(texts)
        )
    return dataset


def sample_weights(dataset: data.Dataset) -> list[float]:
    """1 for benchmark texts, ``DOMAIN_WEIGHT`` for Balai's own and corrections."""
    general = len(dataset) - dataset.domain
    return [1.0] * general + [DOMAIN_WEIGHT] * dataset.domain


def cached_embeddings(
    dataset: data.Dataset,
    embed: Callable[[Sequence[str]], np.ndarray],
    cache_dir: Path | None,
) -> np.ndarray:
    """Embeddings of ``dataset``'s texts, read from / written to ``cache_dir``."""
    if cache_dir is None:
        return embed(dataset.texts)
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"e5-{dataset.digest()}.npy"
    if path.exists():
        cached = np.load(path)
        if cached.shape[0] == len(dataset):
            return cached
    vectors = embed(dataset.texts)
    np.save(path, vectors)
    return vectors


def train(
    dataset: data.Dataset,
    *,
    quality: bool = False,
    embeddings: np.ndarray | None = None,
    version: str = "",
) -> SentimentModel:
    """Fit one model on ``dataset`` (the quality one needs its embeddings)."""
    model = SentimentModel(
        C=C_QUALITY if quality else C_FAST,
        embedding_weight=EMBEDDING_WEIGHT if quality else 0.0,
        version=version or default_version(quality=quality),
    )
    model.fit(
        dataset.texts,
        dataset.labels,
        embeddings=embeddings,
        weights=sample_weights(dataset),
    )
    model.card = {
        "version": model.version,
        "path": "quality" if quality else "fast",
        "trained_on": dataset.name,
        "examples": len(dataset),
        "domain_examples": dataset.domain,
        "domain_weight": DOMAIN_WEIGHT,
        "data_digest": dataset.digest(),
        "label_counts": {
            label: dataset.labels.count(label) for label in sorted(set(dataset.labels))
        },
        "priors": [round(float(p), 4) for p in model.priors],
        "weights_fingerprint": model.fingerprint(),
    }
    return model


def default_version(*, quality: bool) -> str:
    today = dt.datetime.now(tz=dt.UTC).date()
    return f"{'quality' if quality else 'fast'}-{today:%Y.%m.%d}"


def summary(model: SentimentModel) -> dict[str, Any]:
    return dict(model.card)
