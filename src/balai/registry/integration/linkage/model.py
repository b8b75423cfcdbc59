# SPDX-License-Identifier: EUPL-1.2
"""The shipped, versioned linkage model: Splink settings JSON plus thresholds.

``artefacts/<version>/model.json`` is Splink's own export (blocking rules, comparisons,
trained m and u, the prior); ``meta.json`` holds the two thresholds and how they were
chosen; ``artefacts/CURRENT`` names the default version. Loading never trains and never
downloads: a saved model is reused for every batch (retraining per import is wasteful).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ARTEFACTS = Path(__file__).resolve().parent / "artefacts"
CURRENT = "CURRENT"
Band = str  # "auto" | "review" | "new"


class ModelNotFound(LookupError):
    """No artefact of that version (or no CURRENT file)."""


@dataclass(frozen=True)
class LinkageModel:
    """A trained model and its two match-probability cut-offs."""

    version: str
    settings: dict[str, Any]
    upper: float
    lower: float
    metadata: dict[str, Any] = field(default_factory=dict)

    def classify(self, probability: float) -> Band:
        """``auto`` at or above ``upper``, ``review`` from ``lower``, else ``new``."""
        if probability >= self.upper:
            return "auto"
        if probability >= self.lower:
            return "review"
        return "new"


def current_version(directory: Path | None = None) -> str:
    path = (directory or ARTEFACTS) / CURRENT
    if not path.exists():
        raise ModelNotFound(f"no {CURRENT} file in {path.parent}")
    return path.read_text(encoding="utf-8").strip()


def load_model(
    version: str | None = None, *, directory: Path | None = None
) -> LinkageModel:
    """The artefact ``version`` (default: the one CURRENT names)."""
    base = directory or ARTEFACTS
    version = version or current_version(base)
    folder = base / version
    if not (folder / "model.json").exists():
        raise ModelNotFound(f"no linkage model {version!r} in {base}")
    settings = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    return LinkageModel(
        version=version,
        settings=settings,
        upper=float(meta["upper"]),
        lower=float(meta["lower"]),
        metadata=meta,
    )


def save_model(
    model: LinkageModel, *, directory: Path | None = None, make_current: bool = False
) -> Path:
    """Write ``<directory>/<version>/`` (refusing to overwrite) and maybe CURRENT."""
    base = directory or ARTEFACTS
    folder = base / model.version
    if folder.exists():
        raise FileExistsError(
            f"linkage model {model.version!r} already exists in {base}"
        )
    folder.mkdir(parents=True)
    (folder / "model.json").write_text(
        json.dumps(model.settings, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    meta = {
        **model.metadata,
        "version": model.version,
        "upper": model.upper,
        "lower": model.lower,
    }
    (folder / "meta.json").write_text(
        json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    if make_current:
        (base / CURRENT).write_text(model.version + "\n", encoding="utf-8")
    return folder
