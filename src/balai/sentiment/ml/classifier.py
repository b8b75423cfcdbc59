# SPDX-License-Identifier: EUPL-1.2
"""Loading and saving the shipped artefacts.

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
from functools import cache
from pathlib import Path
from typing import Any

import joblib

from balai.sentiment.ml.model import SentimentModel, TunedModel

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
    model: SentimentModel | TunedModel, directory: Path, *, quality: bool = False
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
def _load(path: str) -> SentimentModel | TunedModel:
    model = joblib.load(path)
    if not isinstance(model, SentimentModel | TunedModel):
        raise TypeError(f"{path} is not a Balai sentiment model")
    return model


def load(
    *, quality: bool = False, directory: Path | None = None
) -> SentimentModel | TunedModel:
    """The trained model (cached per process)."""
    path = (directory or model_dir()) / (QUALITY if quality else FAST)
    if not path.exists():
        raise FileNotFoundError(f"no trained sentiment model at {path}")
    with _lock:
        return _load(str(path))


def reset_cache() -> None:
    _load.cache_clear()
