# SPDX-License-Identifier: EUPL-1.2
"""The model fitted to each batch: u sampled, m by EM from the shipped one, guarded."""

from __future__ import annotations

import copy

import pytest

from balai.registry.integration.linkage import evaluate, link, load_model, true_pairs
from balai.registry.integration.linkage.fitting import (
    MAX_SHIFT_BITS,
    MIN_RECORDS,
    _guard,
)
from balai.registry.integration.synthetic import generate


@pytest.fixture(scope="module")
def model():
    return load_model()


def _auto_f1(result, records, model) -> float:
    pairs = result.pairs
    auto = pairs[(pairs["match_probability"] >= model.upper) & ~pairs["capped"]]
    truth = true_pairs(records[["unique_id", "person_id"]])
    found = list(zip(auto["unique_id_l"], auto["unique_id_r"], strict=True))
    return evaluate(found, truth)["f1"]


def test_a_batch_refits_the_model_within_the_guards(model):
    records = generate(MIN_RECORDS + 500, seed=11)
    plain = records.drop(columns=["person_id"])

    fitted = link(plain, None, model, fit=True)
    shipped = link(plain, None, model, fit=False)

    card = fitted.card
    assert card["fitted"] and card["records"] == len(records)
    assert card["shipped_version"] == model.version
    assert card["em_blocking_rules"]  # EM ran on this batch's own pairs
    levels = card["levels"]
    assert {row["comparison"] for row in levels} >= {"nik", "full_name", "birth_date"}
    moved = [row for row in levels if row["weight"] != row["shipped_weight"]]
    assert moved  # the batch changed the model ...
    for row in levels:  # ... but never beyond the guard
        if row["weight"] is not None and row["shipped_weight"] is not None:
            assert abs(row["weight"] - row["shipped_weight"]) <= MAX_SHIFT_BITS
    assert shipped.card["fitted"] is False
    assert _auto_f1(fitted, records, model) >= _auto_f1(shipped, records, model) - 0.01


def test_a_batch_without_duplicates_keeps_the_shipped_m(model):
    records = generate(MIN_RECORDS + 100, seed=12, duplicate_rate=0.0)

    fitted = link(records.drop(columns=["person_id"]), None, model, fit=True)

    card = fitted.card
    assert card["em_blocking_rules"] == []  # too few pairs in every EM session
    assert len(card["em_rules_without_pairs"]) == 3


def test_small_batches_use_the_shipped_model(model):
    records = generate(50, seed=13).drop(columns=["person_id"])
    result = link(records, None, model, fit=True)
    assert result.card["fitted"] is False and "fewer than" in result.card["reason"]
    assert result.model is model


def test_a_collapsed_comparison_is_kept_as_shipped(model):
    fitted = copy.deepcopy(model.settings)
    name = next(c for c in fitted["comparisons"] if c["output_column_name"] == "nik")
    exact = name["comparison_levels"][1]
    exact["m_probability"] = exact["u_probability"]  # EM "found" NIKs meaningless

    settings, rows = _guard(model.settings, fitted)

    nik = [row for row in rows if row["comparison"] == "nik"]
    assert all(row["kept_shipped"] == "comparison collapsed" for row in nik)
    kept = next(c for c in settings["comparisons"] if c["output_column_name"] == "nik")
    shipped = next(
        c for c in model.settings["comparisons"] if c["output_column_name"] == "nik"
    )
    assert kept["comparison_levels"] == shipped["comparison_levels"]


def test_em_by_agreement_pattern_is_em_by_pair(model, monkeypatch):
    """Without term frequencies EM runs once per agreement pattern: the same fit as
    once per blocked pair, to the last digits of a floating-point sum."""
    from balai.registry.integration.linkage import fitting

    assert fitting.uses_term_frequencies(model.settings) is False
    with_tf = copy.deepcopy(model.settings)
    with_tf["comparisons"][0]["comparison_levels"][-1]["tf_adjustment_column"] = "x"
    assert fitting.uses_term_frequencies(with_tf) is True

    plain = generate(MIN_RECORDS + 500, seed=11).drop(columns=["person_id"])
    by_pattern = link(plain, None, model, fit=True).card["levels"]
    monkeypatch.setattr(fitting, "uses_term_frequencies", lambda settings: True)
    by_pair = link(plain, None, model, fit=True).card["levels"]

    assert len(by_pattern) == len(by_pair)
    for a, b in zip(by_pattern, by_pair, strict=True):
        assert (a["comparison"], a["label"], a["kept_shipped"]) == (
            b["comparison"],
            b["label"],
            b["kept_shipped"],
        )
        for key in ("m", "u", "weight"):
            assert a[key] == pytest.approx(b[key], rel=1e-9, abs=1e-12)
