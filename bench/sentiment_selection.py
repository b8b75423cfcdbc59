# SPDX-License-Identifier: EUPL-1.2
"""The quality model's settings, chosen on SmSA valid (issue #18, third attempt).

    BALAI_ENV=test nice -n 10 .venv/bin/python bench/sentiment_selection.py \
        --embedding-cache /work/sentiment-cache

Every model here is trained on SmSA train + Balai's public-service train split only,
so all of SmSA valid is held out; SmSA test is never read. Needs the e5 embeddings of
every SmSA train and valid text and of Balai's texts in the cache (``balai sentiment
train --quality`` with ``E5_SMSA_TRAIN_ROWS = None`` fills it); a missing one stops
the run instead of embedding for an hour.

Criterion, fixed before the run: macro-F1 on valid with each text weighted by the
inverse frequency of its class ("balanced"; test and citizen feedback are far more
balanced than valid).
1. The e5 head on all SmSA training rows replaces the first 2,000 if it is not worse.
2. Another setting (C of the head, weight α, geometric instead of arithmetic mean,
   one joint linear model on TF-IDF + embeddings) replaces the default (C = 4,
   α = 0.5, arithmetic) only if it gains more than one point.
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
from scipy import sparse  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402

from balai.sentiment.ml import data, training  # noqa: E402
from balai.sentiment.ml.features import prepare  # noqa: E402
from balai.sentiment.ml.model import (  # noqa: E402
    LABELS,
    SentimentModel,
    _prior_corrected,
    _priors,
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--embedding-cache", required=True)
    args = parser.parse_args()
    cache = Path(args.embedding_cache)
    root = data.data_dir()
    train = data.smsa("train", root)
    valid = data.smsa("valid", root)
    balai = data.public_service("train")

    def not_cached(texts):
        raise SystemExit(f"{len(texts)} texts are not in {cache}; embed them first")

    def embeddings(dataset):
        return training.cached_embeddings(dataset, not_cached, cache)

    truth = np.array(valid.labels)
    inverse = {label: 1.0 / np.sum(truth == label) for label in LABELS}
    balanced_weights = np.array([inverse[label] for label in truth])
    scores: dict[str, float] = {}

    def report(name, probabilities):
        predicted = np.array(LABELS)[probabilities.argmax(axis=1)]
        plain = f1_score(truth, predicted, labels=list(LABELS), average="macro")
        balanced = f1_score(
            truth,
            predicted,
            labels=list(LABELS),
            average="macro",
            sample_weight=balanced_weights,
        )
        scores[name] = round(100 * balanced, 1)
        print(f"| {name} | {100 * plain:.1f} | {100 * balanced:.1f} |", flush=True)

    started = time.perf_counter()
    e_train, e_valid, e_balai = (embeddings(d) for d in (train, valid, balai))
    fast_data = train + balai
    fast = SentimentModel(C=training.C_FAST).fit(
        fast_data.texts, fast_data.labels, weights=training.sample_weights(fast_data)
    )
    p_fast = fast.probabilities(valid.texts)
    print("| candidate | valid | balanced |\n|---|---:|---:|")
    report("fast alone, C = 10", p_fast)

    def head(rows, C):
        X = np.vstack([e_train[:rows], e_balai])
        y = np.array(train.labels[:rows] + balai.labels)
        w = [1.0] * (len(X) - len(balai)) + [training.DOMAIN_WEIGHT] * len(balai)
        model = LogisticRegression(C=C, max_iter=5000).fit(X, y, sample_weight=w)
        return _prior_corrected(model.predict_proba(e_valid), _priors(y))

    everything = len(train)
    report("fusion, head on 2,000 rows, C = 4, α = 0.5 (shipped)",
           0.5 * head(2000, 4.0) + 0.5 * p_fast)  # fmt: skip
    for C in (1.0, 4.0, 16.0, 64.0):
        p_head = head(everything, C)
        report(f"e5 head alone, all rows, C = {C:g}", p_head)
        for alpha in (0.3, 0.4, 0.5, 0.6, 0.7):
            report(f"fusion, all rows, C = {C:g}, α = {alpha}",
                   alpha * p_head + (1 - alpha) * p_fast)  # fmt: skip
        geometric = np.sqrt(p_head * p_fast)
        report(f"geometric mean, all rows, C = {C:g}",
               geometric / geometric.sum(axis=1, keepdims=True))  # fmt: skip

    # one logistic regression on the fast model's TF-IDF features and the embeddings
    x_train = fast._features([prepare(t) for t in fast_data.texts])
    x_valid = fast._features([prepare(t) for t in valid.texts])
    y = np.array(fast_data.labels)
    w = np.array(training.sample_weights(fast_data))
    e_all = np.vstack([e_train, e_balai])
    for scale in (2.0,):
        for C in (4.0, 10.0):
            joint = LogisticRegression(C=C, max_iter=5000).fit(
                sparse.hstack([x_train, sparse.csr_matrix(scale * e_all)], "csr"),
                y,
                sample_weight=w,
            )
            xv = sparse.hstack([x_valid, sparse.csr_matrix(scale * e_valid)], "csr")
            report(f"joint LR, TF-IDF + {scale:g} × e5, C = {C:g}",
                   _prior_corrected(joint.predict_proba(xv), _priors(y)))  # fmt: skip

    default = "fusion, all rows, C = 4, α = 0.5"
    shipped = "fusion, head on 2,000 rows, C = 4, α = 0.5 (shipped)"
    base = default if scores[default] >= scores[shipped] else shipped
    best = max(scores, key=lambda name: scores[name])
    print(f"\nall rows vs 2,000: {scores[default]} vs {scores[shipped]} → {base}")
    print(f"best: {best} {scores[best]} (rule: adopt if > {scores[base] + 1:.1f})")
    print(f"{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
