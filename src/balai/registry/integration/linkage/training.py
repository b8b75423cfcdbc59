# SPDX-License-Identifier: EUPL-1.2
"""Training a new model version: u by seeded random sampling, m by EM, thresholds.

Training is a roughly fixed 15–35 s, so it is done once per version (``retrain``, called
by ``balai registry train-model``) and the artefact is shipped; linking only loads it.
With a known truth (the synthetic generator's ``person_id``) the two thresholds are
chosen from measured precision and recall: ``upper`` is the most accurate cut-off whose
precision is at least ``AUTO_PRECISION`` (an automatic link must almost never be wrong),
``lower`` the highest cut-off that still keeps nearly all the recall reachable (what the
officers must see). Without a truth the previous version's thresholds are kept.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from balai.registry.integration.linkage import spec
from balai.registry.integration.linkage.db import connection
from balai.registry.integration.linkage.engine import (
    HOUSEHOLD_SQL,
    _standardise,
)
from balai.registry.integration.linkage.evaluation import true_pairs
from balai.registry.integration.linkage.model import (
    LinkageModel,
    ModelNotFound,
    load_model,
    save_model,
)

GRID = (
    0.01,
    0.05,
    0.1,
    0.2,
    0.3,
    0.5,
    0.7,
    0.8,
    0.9,
    0.95,
    0.98,
    0.99,
    0.995,
    0.998,
    0.999,
    0.9995,
    0.9999,
)
AUTO_PRECISION = 0.997
REVIEW_RECALL_SLACK = 0.003  # lower keeps recall within this of the best reachable
# cut-offs whose F1 is within this of the best are equally good on the training data;
# the highest of them is taken (the most conservative automatic link), so that a
# threshold tuned on one data set does not sit at the noisy bottom of the grid
F1_SLACK = 0.001
DEFAULT_UPPER, DEFAULT_LOWER = 0.99, 0.5
U_MAX_PAIRS = 1e7
FLOOR = 1e-7  # for a level never seen in training (m or u); keeps weights finite


def _fill_untrained(settings: dict[str, Any]) -> list[str]:
    """Give levels without an estimate a small probability; returns what was filled."""
    filled = []
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            for key in ("m_probability", "u_probability"):
                value = level.get(key)
                if value is None or not math.isfinite(value) or value <= 0:
                    level[key] = FLOOR
                    filled.append(
                        f"{comparison['output_column_name']}:"
                        f"{level.get('label_for_charts')}:{key}"
                    )
    return filled


def _neutralise(settings: dict[str, Any]) -> list[str]:
    """Levels that must weigh nothing (``spec.NEUTRAL_LEVELS``) get u = m."""
    done = []
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            label = level.get("label_for_charts")
            if label in spec.NEUTRAL_LEVELS and level.get("m_probability"):
                level["u_probability"] = level["m_probability"]
                done.append(f"{comparison['output_column_name']}:{label}")
    return done


def _raise_u_floors(settings: dict[str, Any]) -> list[str]:
    """Raise u to ``spec.U_FLOORS`` where sampling saw too few random agreements."""
    raised = []
    for comparison in settings["comparisons"]:
        name = comparison["output_column_name"]
        floor = spec.U_FLOORS.get(name)
        if floor is None:
            continue
        for level in comparison["comparison_levels"]:
            u = level.get("u_probability")
            if not level.get("is_null_level") and u is not None and u < floor:
                level["u_probability"] = floor
                raised.append(f"{name}:{level.get('label_for_charts')}:u={u:.3g}")
    return raised


def threshold_table(scored: pd.DataFrame, truth: set[tuple[str, str]]) -> list[dict]:
    """Precision/recall/F1 of the auto-linked pairs at each cut-off of ``GRID``."""
    keys = [
        (a, b) if a <= b else (b, a)
        for a, b in zip(scored["unique_id_l"], scored["unique_id_r"], strict=True)
    ]
    is_true = pd.Series([key in truth for key in keys], index=scored.index)
    rows = []
    for cut in GRID:
        # a capped (household) pair never auto-links, whatever its probability
        auto = (scored["match_probability"] >= cut) & ~scored["capped"]
        tp = int((auto & is_true).sum())
        fp = int((auto & ~is_true).sum())
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / len(truth) if truth else 1.0
        f1 = (
            2 * precision * recall / (precision + recall) if precision + recall else 0.0
        )
        review = int((scored["match_probability"] >= cut).sum())
        rows.append(
            {
                "threshold": cut,
                "precision": round(precision, 5),
                "recall": round(recall, 5),
                "f1": round(f1, 5),
                "tp": tp,
                "fp": fp,
                "pairs_at_or_above": review,
            }
        )
    return rows


def choose_thresholds(table: list[dict]) -> tuple[float, float]:
    """``upper``: the highest cut-off with precision >= AUTO_PRECISION and F1 within
    F1_SLACK of the best such; ``lower``: the highest below it that keeps recall."""
    precise = [row for row in table if row["precision"] >= AUTO_PRECISION] or table
    best_f1 = max(row["f1"] for row in precise)
    upper = max(row["threshold"] for row in precise if row["f1"] >= best_f1 - F1_SLACK)
    reachable = max(row["recall"] for row in table)
    candidates = [
        row["threshold"]
        for row in table
        if row["threshold"] < upper and row["recall"] >= reachable - REVIEW_RECALL_SLACK
    ]
    lower = max(candidates) if candidates else min(row["threshold"] for row in table)
    return upper, lower


def _score_for_thresholds(con, linker) -> pd.DataFrame:
    predictions = linker.inference.predict(
        threshold_match_probability=min(GRID), warning_mode="never"
    )
    return con.execute(
        f"SELECT unique_id_l, unique_id_r, match_probability, "  # noqa: S608
        f"coalesce({HOUSEHOLD_SQL}, false) AS capped FROM {predictions.physical_name}"
    ).df()


def train_model(
    records: pd.DataFrame,
    *,
    version: str,
    output_dir: Path | None = None,
    seed: int = 2026,
    truth: pd.Series | None = None,
    make_current: bool = False,
    description: str = "",
    u_max_pairs: float = U_MAX_PAIRS,
    profile: str = "register",
) -> LinkageModel:
    """Train on ``records`` and write ``<output_dir>/<version>/``; returns the model.

    ``profile`` names the model's structure in ``spec.PROFILES``: ``register`` (the
    shipped model) or ``free-address`` (sources with neither identifiers nor area
    codes, such as the FEBRL benchmark).
    """
    from splink import DuckDBAPI, Linker
    from splink.internals.exceptions import SplinkException

    started = time.perf_counter()
    with connection() as con:
        _standardise(con, records, "training")
        db_api = DuckDBAPI(con)
        frame = db_api.register("training", table_name="training_splink")
        structure = spec.PROFILES[profile]
        linker = Linker(frame, structure.settings_template(), log_level=logging.WARNING)
        linker.training.estimate_probability_two_random_records_match(
            list(structure.deterministic_rules), recall=structure.deterministic_recall
        )
        linker.training.estimate_u_using_random_sampling(
            max_pairs=u_max_pairs, seed=seed
        )
        skipped = []
        for rule in structure.training_blocks():
            try:
                linker.training.estimate_parameters_using_expectation_maximisation(rule)
            except SplinkException:  # no pairs for this rule in these data (no NIKs)
                skipped.append(rule)
        settings = linker.misc.save_model_to_json()
        filled = _fill_untrained(settings)
        floored = _raise_u_floors(settings)
        _neutralise(settings)
        trained_seconds = time.perf_counter() - started
        table: list[dict] = []
        if truth is not None:
            scored_linker = Linker(
                db_api.register("training", table_name="training_scored"),
                settings,
                log_level=logging.WARNING,
            )
            scored = _score_for_thresholds(con, scored_linker)
            labelled = records[["unique_id"]].assign(person_id=truth.to_numpy())
            table = threshold_table(scored, true_pairs(labelled))
    if table:
        upper, lower = choose_thresholds(table)
        chosen_by = "measured on the training data against its truth"
    else:
        try:
            previous = load_model(directory=output_dir)
            upper, lower = previous.upper, previous.lower
            chosen_by = f"kept from version {previous.version}"
        except ModelNotFound:
            upper, lower = DEFAULT_UPPER, DEFAULT_LOWER
            chosen_by = "defaults (no truth, no previous version)"
    import splink

    metadata = {
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "training_data": {
            "records": len(records),
            "seed": seed,
            "description": description or "records supplied by caller",
        },
        "splink_version": splink.__version__,
        "profile": profile,
        "em_blocking_rules": [
            r for r in structure.training_blocks() if r not in skipped
        ],
        "u_max_pairs": u_max_pairs,
        "untrained_levels_filled": filled,
        "u_floors_raised": floored,
        "training_seconds": round(trained_seconds, 1),
        "thresholds_chosen_by": chosen_by,
        "threshold_table": table,
        # the automatic links' figures at the chosen upper threshold (empty: no truth)
        "metrics": next((r for r in table if r["threshold"] == upper), {}),
    }
    model = LinkageModel(
        version=version, settings=settings, upper=upper, lower=lower, metadata=metadata
    )
    save_model(model, directory=output_dir, make_current=make_current)
    return replace(model)


def retrain(
    version: str,
    n: int = 1_000_000,
    seed: int = 2026,
    *,
    output_dir: Path | None = None,
    make_current: bool = True,
    u_max_pairs: float = U_MAX_PAIRS,
) -> LinkageModel:
    """Train a new version on ``n`` generated records (with truth) and make it current.

    The thresholds depend on the data size, so the shipped version is trained on a
    register-sized set (1M records); tests pass a small ``n`` and a temporary directory.
    """
    from balai.registry.integration.synthetic import generate

    records = generate(n, seed=seed)
    return train_model(
        records.drop(columns=["person_id"]),
        version=version,
        output_dir=output_dir,
        seed=seed,
        truth=records["person_id"],
        make_current=make_current,
        u_max_pairs=u_max_pairs,
        description=f"synthetic register: {n} records, 15% duplicates, seed {seed}",
    )
