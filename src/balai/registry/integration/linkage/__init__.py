# SPDX-License-Identifier: EUPL-1.2
"""Record linkage of the population register: Splink 5 on DuckDB, a shipped model.

The interface the integration services call (see docs/linkage.md)::

    model = load_model()                        # artefacts/CURRENT, no training
    result = link(staged, register, model)      # new↔register and new↔new pairs
    result.classify(p)                          # "auto" | "review" | "new"
    dedupe(records, model).clusters             # one source without a register
    retrain("2026.2")                           # a new version from synthetic data

Pure Python (no Django models, no database access). Splink and DuckDB load lazily, on
first use of a function that needs them, so importing this package stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "LinkageModel": "model",
    "ModelNotFound": "model",
    "load_model": "model",
    "save_model": "model",
    "LinkageResult": "engine",
    "DedupeResult": "engine",
    "link": "engine",
    "dedupe": "engine",
    "review_cap": "engine",
    "train_model": "training",
    "retrain": "training",
    "evaluate": "evaluation",
    "pairs_from_clusters": "evaluation",
    "true_pairs": "evaluation",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
