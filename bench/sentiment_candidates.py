# SPDX-License-Identifier: EUPL-1.2
"""Fourth attempt at macro-F1 85 on SmSA test (issue #18): heads, stacking, decision
biases and second e5 views, all chosen on SmSA valid; SmSA test is never read here.

    BALAI_ENV=test nice -n 10 .venv/bin/python bench/sentiment_candidates.py \
        --embedding-cache /work/helpers/sentiment-cache [--part views|heads]

Needs the cache filled by ``bench/sentiment_embed.py`` (``passage`` for SmSA train,
valid and Balai's texts; ``query`` and ``normalised`` for SmSA valid at least).

Rule, written (and committed) before the first run:

* Criterion: macro-F1 on SmSA valid with each text weighted by the inverse frequency
  of its class ("balanced"), as in the third attempt. Baseline: the shipped settings
  (fast C = 10; e5 ``passage:`` LR C = 4; α = 0.5; prior-corrected decisions).
* Part ``views`` (screening, because a second embedding pass of SmSA train costs
  30-40 CPU-minutes on the shared machine): 5-fold cross-validation inside valid, the
  e5 head trained on the other four folds, the fast model trained on SmSA train +
  Balai's train split (out-of-sample for all of valid). A second view (``query:``
  prefix, or ``passage:`` on the normalised text) concatenated with ``passage:`` is
  embedded for SmSA train only if its fusion gains more than one point over
  ``passage:`` alone under this protocol.
* Part ``heads``: every model trained on SmSA train + Balai's train split, scored
  on all of valid. Stacking and decision biases are fitted on 5-fold out-of-fold
  predictions of that training data, never on valid. A candidate replaces the
  baseline only if it gains more than one point; among those, the best (within
  0.3 points: the simpler one) is the final candidate and gets the only look at
  SmSA test. If none gains more than one point, the best on valid gets one look for
  information and is not adopted.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.settings")
django.setup()

import numpy as np  # noqa: E402
from sklearn.calibration import CalibratedClassifierCV  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402
from sklearn.pipeline import Pipeline, make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from sklearn.svm import SVC, LinearSVC  # noqa: E402

from balai.sentiment.ml import data, training  # noqa: E402
from balai.sentiment.ml.features import prepare  # noqa: E402
from balai.sentiment.ml.model import (  # noqa: E402
    LABELS,
    FusionModel,
    SentimentModel,
    _prior_corrected,
)

K = len(LABELS)


def encode(labels) -> np.ndarray:
    index = {label: i for i, label in enumerate(LABELS)}
    return np.array([index[label] for label in labels])


def macro_f1(y: np.ndarray, predicted: np.ndarray, weights: np.ndarray) -> float:
    """Weighted macro-F1 (weights per text), fast enough for grid searches."""
    scores = []
    for k in range(K):
        tp = weights[(y == k) & (predicted == k)].sum()
        fp = weights[(y != k) & (predicted == k)].sum()
        fn = weights[(y == k) & (predicted != k)].sum()
        scores.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return float(np.mean(scores))


def balanced(y: np.ndarray) -> np.ndarray:
    counts = np.bincount(y, minlength=K)
    return 1.0 / counts[y]


class Scorer:
    def __init__(self, y: np.ndarray) -> None:
        self.y = y
        self.weights = balanced(y)
        self.scores: dict[str, float] = {}
        print("| candidate | valid | balanced |\n|---|---:|---:|", flush=True)

    def __call__(self, name: str, probabilities: np.ndarray) -> float:
        predicted = probabilities.argmax(axis=1)
        plain = macro_f1(self.y, predicted, np.ones(len(self.y)))
        score = macro_f1(self.y, predicted, self.weights)
        self.scores[name] = round(100 * score, 1)
        print(f"| {name} | {100 * plain:.1f} | {100 * score:.1f} |", flush=True)
        return score


def head_probabilities(model, X, y, w, X_out) -> np.ndarray:
    if isinstance(model, Pipeline):
        model.fit(X, y, logisticregression__sample_weight=w)
    else:
        model.fit(X, y, sample_weight=w)
    return _prior_corrected(model.predict_proba(X_out), _priors_int(y))


def _priors_int(y: np.ndarray) -> np.ndarray:
    return np.bincount(y, minlength=K) / len(y)


def heads() -> dict[str, object]:
    return {
        "LR C = 4 (shipped)": LogisticRegression(C=4.0, max_iter=5000),
        "LR C = 4, standardised": make_pipeline(
            StandardScaler(), LogisticRegression(C=4.0, max_iter=5000)
        ),
        "MLP 256, early stopping": MLPClassifier(
            hidden_layer_sizes=(256,),
            alpha=1e-3,
            early_stopping=True,
            max_iter=300,
            random_state=0,
        ),
        "RBF SVM C = 4, Platt": SVC(
            C=4.0, kernel="rbf", probability=True, random_state=0
        ),
        "linear SVM C = 0.5, sigmoid-calibrated": CalibratedClassifierCV(
            LinearSVC(C=0.5, max_iter=20000), cv=5, method="sigmoid"
        ),
    }


def part_views(cache: Path, root: Path, fast_valid: np.ndarray, y: np.ndarray) -> None:
    valid = data.smsa("valid", root)

    def missing(texts):
        raise SystemExit(f"{len(texts)} texts are not in the cache; embed them first")

    views = {
        name: training.cached_embeddings(
            valid, missing, cache if name == "passage" else cache / name
        )
        for name in ("passage", "query", "normalised")
    }
    combos = {
        "passage": views["passage"],
        "query": views["query"],
        "normalised": views["normalised"],
        "passage + query": np.hstack([views["passage"], views["query"]]),
        "passage + normalised": np.hstack([views["passage"], views["normalised"]]),
    }
    score = Scorer(y)
    score("fast alone (trained on SmSA train + Balai)", fast_valid)
    folds = list(StratifiedKFold(5, shuffle=True, random_state=0).split(y, y))
    for name, X in combos.items():
        out = np.zeros((len(y), K))
        for fit, held in folds:
            model = LogisticRegression(C=4.0, max_iter=5000)
            out[held] = head_probabilities(model, X[fit], y[fit], None, X[held])
        score(f"CV in valid: e5 {name} alone", out)
        score(f"CV in valid: fusion α = 0.5, e5 {name}", 0.5 * out + 0.5 * fast_valid)


def part_heads(
    cache: Path,
    root: Path,
    fast_data: data.Dataset,
    fast_valid: np.ndarray,
    y: np.ndarray,
) -> None:
    def missing(texts):
        raise SystemExit(f"{len(texts)} texts are not in the cache; embed them first")

    valid = data.smsa("valid", root)
    E = training.cached_embeddings(fast_data, missing, cache)
    E_valid = training.cached_embeddings(valid, missing, cache)
    y_fit = encode(fast_data.labels)
    w_fit = np.array(training.sample_weights(fast_data))
    score = Scorer(y)
    score("fast alone", fast_valid)

    for name, model in heads().items():
        started = time.perf_counter()
        p = head_probabilities(model, E, y_fit, w_fit, E_valid)
        score(f"e5 head alone: {name}", p)
        score(f"fusion α = 0.5, e5 {name}", 0.5 * p + 0.5 * fast_valid)
        print(f"  ({time.perf_counter() - started:.0f} s)", flush=True)

    # out-of-fold predictions of the training data, for stacking and decision biases
    started = time.perf_counter()
    folds = list(StratifiedKFold(5, shuffle=True, random_state=0).split(y_fit, y_fit))
    oof_fast = np.zeros((len(y_fit), K))
    oof_e5 = np.zeros((len(y_fit), K))
    labels = np.array(fast_data.labels)
    for fit, held in folds:
        fast = SentimentModel(C=training.C_FAST).fit(
            [fast_data.texts[i] for i in fit], labels[fit], weights=w_fit[fit]
        )
        oof_fast[held] = fast.probabilities([fast_data.texts[i] for i in held])
        model = LogisticRegression(C=4.0, max_iter=5000)
        oof_e5[held] = head_probabilities(
            model, E[fit], y_fit[fit], w_fit[fit], E[held]
        )
    print(f"  (out-of-fold predictions: {time.perf_counter() - started:.0f} s)")
    p_e5 = head_probabilities(
        LogisticRegression(C=4.0, max_iter=5000), E, y_fit, w_fit, E_valid
    )
    baseline = 0.5 * p_e5 + 0.5 * fast_valid
    score("baseline again: fusion α = 0.5, e5 LR C = 4", baseline)

    def stack_features(pf, pe):
        return np.hstack([np.log(pf + 1e-9), np.log(pe + 1e-9)])

    Z, Z_valid = stack_features(oof_fast, oof_e5), stack_features(fast_valid, p_e5)
    for C in (0.1, 1.0):
        meta = LogisticRegression(C=C, max_iter=5000)
        score(f"stacking: LR C = {C:g} on out-of-fold log-probabilities",
              head_probabilities(meta, Z, y_fit, w_fit, Z_valid))  # fmt: skip
        meta = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
        meta.fit(Z, y_fit, sample_weight=w_fit)
        score(f"stacking: LR C = {C:g}, balanced class weights",
              meta.predict_proba(Z_valid))  # fmt: skip

    # per-class decision biases on the fused log-probabilities, tuned out of fold
    oof = 0.5 * oof_e5 + 0.5 * oof_fast
    weights = balanced(y_fit) * w_fit
    grid = np.round(np.arange(-1.0, 1.0001, 0.05), 2)
    best = (-1.0, 0.0, 0.0)
    for b_neu in grid:
        for b_pos in grid:
            bias = np.array([0.0, b_neu, b_pos])
            f1 = macro_f1(y_fit, (np.log(oof + 1e-9) + bias).argmax(axis=1), weights)
            best = max(best, (f1, b_neu, b_pos))
    bias = np.array([0.0, best[1], best[2]])
    without = macro_f1(y_fit, oof.argmax(axis=1), weights)
    print(
        f"  (biases out of fold: neutral {best[1]:+.2f}, positive {best[2]:+.2f}; "
        f"out-of-fold balanced {100 * best[0]:.1f}, without {100 * without:.1f})"
    )
    score("fusion + decision biases tuned out of fold",
          np.exp(np.log(baseline + 1e-9) + bias))  # fmt: skip

    # class weights instead of the prior-corrected decision
    fast_bal = SentimentModel(C=training.C_FAST)
    fast_bal.classifier.set_params(class_weight="balanced")
    fast_bal.fit(fast_data.texts, fast_data.labels, weights=w_fit)
    raw_fast = fast_bal.classifier.predict_proba(
        fast_bal._features([prepare(t) for t in valid.texts])
    )
    e5_bal = LogisticRegression(C=4.0, max_iter=5000, class_weight="balanced")
    e5_bal.fit(E, y_fit, sample_weight=w_fit)
    raw_e5 = e5_bal.predict_proba(E_valid)
    score("class-weighted fast + e5 (no prior correction), α = 0.5",
          0.5 * raw_fast + 0.5 * raw_e5)  # fmt: skip

    base = "baseline again: fusion α = 0.5, e5 LR C = 4"
    best_name = max(score.scores, key=lambda name: score.scores[name])
    print(f"\nbaseline {score.scores[base]}; best {best_name} {score.scores[best_name]}"
          f" (rule: adopt if > {score.scores[base] + 1:.1f})")  # fmt: skip


def part_test(cache: Path, root: Path) -> None:
    """The one look at SmSA test allowed by the rule: stacking (meta LR C = 0.1 on
    out-of-fold log-probabilities), the best candidate on valid, on top of the
    shipped fast model and e5 head (trained on SmSA train + valid + Balai's train
    split, like the out-of-fold models here)."""
    from balai.sentiment.ml import classifier

    def missing(texts):
        raise SystemExit(f"{len(texts)} texts are not in the cache; embed them first")

    dataset = training.training_data(root)
    if training.e5_training_data(root).digest() != dataset.digest():
        raise SystemExit("the e5 head's data differs from the fast model's")
    test = data.smsa("test", root)
    E = training.cached_embeddings(dataset, missing, cache)
    E_test = training.cached_embeddings(test, missing, cache)
    y_fit = encode(dataset.labels)
    w_fit = np.array(training.sample_weights(dataset))
    labels = np.array(dataset.labels)
    oof_fast = np.zeros((len(y_fit), K))
    oof_e5 = np.zeros((len(y_fit), K))
    folds = StratifiedKFold(5, shuffle=True, random_state=0).split(y_fit, y_fit)
    for fit, held in folds:
        fast = SentimentModel(C=training.C_FAST).fit(
            [dataset.texts[i] for i in fit], labels[fit], weights=w_fit[fit]
        )
        oof_fast[held] = fast.probabilities([dataset.texts[i] for i in held])
        model = LogisticRegression(C=training.C_E5, max_iter=5000)
        oof_e5[held] = head_probabilities(
            model, E[fit], y_fit[fit], w_fit[fit], E[held]
        )
    shipped = classifier.load(quality=True)
    assert isinstance(shipped, FusionModel)
    p_fast = shipped.fast.probabilities(test.texts)
    p_e5 = _prior_corrected(shipped.head.predict_proba(E_test), shipped.priors)
    meta = LogisticRegression(C=0.1, max_iter=5000)
    Z = np.hstack([np.log(oof_fast + 1e-9), np.log(oof_e5 + 1e-9)])
    Z_test = np.hstack([np.log(p_fast + 1e-9), np.log(p_e5 + 1e-9)])
    y_test = encode(test.labels)
    plain = np.ones(len(y_test))
    for name, p in (
        ("shipped quality model (known: 82.4)", shipped.probabilities(
            test.texts, embeddings=E_test)),
        ("stacking, meta LR C = 0.1", head_probabilities(
            meta, Z, y_fit, w_fit, Z_test)),
    ):  # fmt: skip
        predicted = p.argmax(axis=1)
        print(f"| SmSA test: {name} | {100 * macro_f1(y_test, predicted, plain):.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--embedding-cache", required=True)
    parser.add_argument("--part", choices=["views", "heads", "test"], default="heads")
    args = parser.parse_args()
    cache = Path(args.embedding_cache)
    root = data.data_dir()
    if args.part == "test":
        part_test(cache, root)
        return
    started = time.perf_counter()
    fast_data = data.smsa("train", root) + data.public_service("train")
    valid = data.smsa("valid", root)
    fast = SentimentModel(C=training.C_FAST).fit(
        fast_data.texts, fast_data.labels, weights=training.sample_weights(fast_data)
    )
    fast_valid = fast.probabilities(valid.texts)
    y = encode(valid.labels)
    print(f"(fast model: {time.perf_counter() - started:.0f} s)", flush=True)
    if args.part == "views":
        part_views(cache, root, fast_valid, y)
    else:
        part_heads(cache, root, fast_data, fast_valid, y)
    print(f"{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
