# SPDX-License-Identifier: EUPL-1.2
"""Pairwise precision, recall and F1 against a known truth (unordered pairs)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


def _unordered(pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    return {(a, b) if a <= b else (b, a) for a, b in pairs if a != b}


def evaluate(
    predicted_pairs: Iterable[tuple[str, str]], true_pairs: Iterable[tuple[str, str]]
) -> dict[str, float | int]:
    """Precision, recall, F1 and the counts; (a, b) and (b, a) are the same pair."""
    predicted = _unordered(predicted_pairs)
    truth = _unordered(true_pairs)
    tp = len(predicted & truth)
    fp = len(predicted) - tp
    fn = len(truth) - tp
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def pairs_from_clusters(
    ids: Iterable[str], clusters: Iterable[object]
) -> set[tuple[str, str]]:
    """Every unordered pair of ids that share a cluster (truth or prediction)."""
    frame = pd.DataFrame({"id": list(ids), "cluster": list(clusters)})
    frame = frame[frame["cluster"].notna()]
    sizes = frame.groupby("cluster")["id"].transform("size")
    members = frame[sizes > 1]
    joined = members.merge(members, on="cluster")  # vectorised: clusters are small
    joined = joined[joined["id_x"] < joined["id_y"]]
    return set(zip(joined["id_x"], joined["id_y"], strict=True))


def true_pairs(
    records: pd.DataFrame, truth_column: str = "person_id"
) -> set[tuple[str, str]]:
    """The truth of a generated set: records of the same person pair up."""
    return pairs_from_clusters(records["unique_id"], records[truth_column])
