# SPDX-License-Identifier: EUPL-1.2
"""Versioned models (retrain, load), threshold choice, evaluation, FEBRL4 smoke."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from balai.registry.integration.linkage import (
    ModelNotFound,
    evaluate,
    link,
    load_model,
    pairs_from_clusters,
    retrain,
    save_model,
)
from balai.registry.integration.linkage.model import ARTEFACTS, current_version
from balai.registry.integration.linkage.training import choose_thresholds

BENCH = Path(__file__).resolve().parents[5] / "bench"


def test_evaluate_counts_unordered_pairs():
    score = evaluate(
        [("a", "b"), ("c", "b"), ("d", "e"), ("x", "x")],
        [("b", "a"), ("b", "c"), ("f", "g"), ("h", "i")],
    )
    assert (score["tp"], score["fp"], score["fn"]) == (2, 1, 2)
    assert score["precision"] == pytest.approx(2 / 3)
    assert score["recall"] == pytest.approx(0.5)
    assert score["f1"] == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    assert evaluate([], [])["f1"] == 1.0


def test_pairs_from_clusters():
    pairs = pairs_from_clusters(["a", "b", "c", "d", "e"], [1, 1, 1, 2, None])
    assert pairs == {("a", "b"), ("a", "c"), ("b", "c")}


def test_thresholds_favour_precision_for_auto_and_recall_for_review():
    table = [
        {"threshold": 0.1, "precision": 0.80, "recall": 0.990, "f1": 0.885},
        {"threshold": 0.5, "precision": 0.97, "recall": 0.989, "f1": 0.979},
        {"threshold": 0.9, "precision": 0.995, "recall": 0.985, "f1": 0.990},
        {"threshold": 0.99, "precision": 0.998, "recall": 0.975, "f1": 0.986},
        {"threshold": 0.999, "precision": 0.9995, "recall": 0.96, "f1": 0.979},
    ]
    # 0.9 has the best F1 but not the precision an automatic link needs
    assert choose_thresholds(table) == (0.99, 0.5)


def test_shipped_current_version_loads():
    version = current_version()
    model = load_model()
    assert model.version == version
    assert (ARTEFACTS / version / "model.json").exists()
    assert load_model(version).settings == model.settings
    with pytest.raises(ModelNotFound):
        load_model("no-such-version")


def test_retrain_writes_a_new_version_that_loads(tmp_path):
    model = retrain("test-1", n=2000, seed=3, output_dir=tmp_path, u_max_pairs=2e5)
    folder = tmp_path / "test-1"
    assert (folder / "model.json").exists() and (folder / "meta.json").exists()
    assert (tmp_path / "CURRENT").read_text().strip() == "test-1"
    loaded = load_model(directory=tmp_path)
    assert loaded.version == "test-1"
    assert loaded.upper == model.upper and loaded.lower == model.lower
    assert loaded.metadata["training_data"]["records"] == 2000
    assert loaded.metadata["threshold_table"]
    levels = loaded.settings["comparisons"][0]["comparison_levels"]
    assert all("m_probability" in level for level in levels[1:])
    with pytest.raises(FileExistsError):
        save_model(loaded, directory=tmp_path)


def test_febrl4_smoke_through_link():
    sys.path.insert(0, str(BENCH))
    try:
        from bench_linkage import febrl4_frames
    finally:
        sys.path.remove(str(BENCH))
    first, second, truth = febrl4_frames()
    first, second = first.iloc[:400], second.iloc[:1500]
    ids_a, ids_b = set(first["unique_id"]), set(second["unique_id"])
    wanted = {(a, b) for a, b in truth if a in ids_a and b in ids_b}
    model = load_model()  # trained on Indonesian-style data: transfer, not tuned
    result = link(first, second, model)
    auto = result.pairs[result.pairs["match_probability"] >= model.lower]
    score = evaluate(zip(auto["unique_id_l"], auto["unique_id_r"], strict=True), wanted)
    assert score["precision"] > 0.99
    assert score["recall"] > 0.9
