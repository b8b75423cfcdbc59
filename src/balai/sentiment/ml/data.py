# SPDX-License-Identifier: EUPL-1.2
"""The data sets: SmSA and EmoT from the shared data folder, and Balai's own
public-service examples shipped in ``sentiment/data/public_service.tsv``.

Files are read exactly as published (SmSA: tab-separated, no header, no quoting;
EmoT: CSV with a header). Every loader returns ``(texts, labels)`` lists in file
order, so training on the same files gives the same model.
"""

from __future__ import annotations

import csv
import hashlib
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

# EmoT's five emotions → polarity (EmoT has no neutral class).
EMOT_POLARITY = {
    "happy": "positive",
    "love": "positive",
    "anger": "negative",
    "fear": "negative",
    "sadness": "negative",
}


@dataclass(frozen=True)
class Dataset:
    name: str
    texts: list[str]
    labels: list[str]
    domain: int = 0  # how many of the last rows are public-service (weighted) rows

    def __len__(self) -> int:
        return len(self.texts)

    def digest(self) -> str:
        """SHA-256 of the texts and labels: the model card records it."""
        h = hashlib.sha256()
        for text, label in zip(self.texts, self.labels, strict=True):
            h.update(f"{label}\t{text}\n".encode())
        return h.hexdigest()[:16]

    def __add__(self, other: Dataset) -> Dataset:
        if self.domain and not other.domain:
            raise ValueError("domain rows must come last")
        return Dataset(
            f"{self.name}+{other.name}",
            self.texts + other.texts,
            self.labels + other.labels,
            self.domain + other.domain,
        )


class DataMissing(FileNotFoundError):
    """The shared data folder (SmSA, EmoT) is not where the setting points."""


def data_dir(configured: str | os.PathLike[str] | None = None) -> Path:
    """The sentiment data folder: the given one, or ``shared/data/sentiment`` beside
    the checkout (or beside its parent, for worktrees)."""
    if configured:
        path = Path(configured)
        if not (path / "smsa").is_dir():
            raise DataMissing(f"no smsa/ folder in {path}")
        return path
    here = Path(__file__).resolve()
    for parent in here.parents[3:7]:
        candidate = parent / "shared" / "data" / "sentiment"
        if (candidate / "smsa").is_dir():
            return candidate
    raise DataMissing(
        "shared/data/sentiment not found; set BALAI_SENTIMENT_DATA_DIR to the folder "
        "that holds smsa/ and emot/"
    )


def smsa(split: str, root: Path) -> Dataset:
    texts, labels = [], []
    path = root / "smsa" / f"{split}_preprocess.tsv"
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            text, _tab, label = line.rstrip("\n").rpartition("\t")
            if text and label:
                texts.append(text)
                labels.append(label)
    return Dataset(f"smsa-{split}", texts, labels)


def emot(split: str, root: Path) -> Dataset:
    """EmoT tweets with emotions mapped to polarity (positive/negative)."""
    texts, labels = [], []
    path = root / "emot" / f"{split}_preprocess.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            texts.append(row["tweet"])
            labels.append(EMOT_POLARITY[row["label"]])
    return Dataset(f"emot-{split}", texts, labels)


def public_service(split: str) -> Dataset:
    """Balai's own labelled examples: ``train`` or ``heldout`` (never trained on)."""
    texts, labels = [], []
    source = resources.files("balai.sentiment").joinpath("data", "public_service.tsv")
    rows = [
        line.split("\t")
        for line in source.read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    for row_split, label, _topic, text in rows[1:]:
        if row_split == split:
            texts.append(text)
            labels.append(label)
    return Dataset(f"public-service-{split}", texts, labels, domain=len(texts))
