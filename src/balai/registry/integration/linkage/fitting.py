# SPDX-License-Identifier: EUPL-1.2
"""Fitting the shipped model to the batch it links, with guards, and its model card.

A file from another agency is not the generator the shipped model was trained on:
its typo rates, missing fields and name frequencies differ. Before scoring, the
batch's own records re-estimate the parameters, starting from the shipped model:

* ``u`` (how often two different people agree) by seeded random sampling of pairs;
* ``m`` (how often one person's two records agree) by expectation maximisation on the
  shipped model's training blocks, starting from the shipped ``m`` (``u`` fixed); each
  iteration over the distinct agreement patterns with their counts when no level uses
  term frequencies (``uses_term_frequencies``), the same estimator as over every pair.

EM can collapse on data that hold few duplicates (it then explains some other
structure, such as households, as "matches"). Guards keep the shipped value of a level
whose fitted weight is not finite, moved more than ``MAX_SHIFT_BITS`` from the shipped
weight, or flipped sign where the shipped weight was strong; and a comparison whose
strongest level stopped being strong evidence (< 3 bits), or whose disagreement level
became evidence for a match, is kept as shipped altogether. Levels that mean
"cannot tell" (``spec.NEUTRAL_LEVELS``) stay at weight 0. The prior (probability that
two random records match) and the thresholds stay those of the shipped model.

A batch smaller than ``MIN_RECORDS`` is scored with the shipped model unchanged (too
few pairs to estimate anything). The card (``Fit.card``) records what was done, level
by level, and is kept on the linkage run.
"""

from __future__ import annotations

import copy
import logging
import math
import time
from dataclasses import dataclass, replace
from typing import Any

from balai.registry.integration.linkage import spec
from balai.registry.integration.linkage.db import out_of_memory
from balai.registry.integration.linkage.model import LinkageModel

MIN_RECORDS = 2000
MIN_EM_PAIRS = 200  # an EM session on fewer pairs is skipped
U_MAX_PAIRS = 5e5
U_CHUNKS = 10  # parts of the sampled pairs scored one after another (peak memory)
MAX_SHIFT_BITS = 6.0
STRONG_BITS = 3.0  # a shipped weight beyond ±this may not change sign
SEED = 2026


@dataclass(frozen=True)
class Fit:
    """The model to score with and what fitting did (the run's model card)."""

    model: LinkageModel
    card: dict[str, Any]


def _weight(m: Any, u: Any) -> float:
    try:
        m, u = float(m), float(u)
    except (TypeError, ValueError):
        return math.nan
    if not (m > 0 and u > 0 and math.isfinite(m) and math.isfinite(u)):
        return math.nan
    return math.log2(m / u)


def _guard(
    shipped: dict[str, Any], fitted: dict[str, Any]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Fitted settings with unsafe levels set back to the shipped ones; the card's
    rows (one per non-null level)."""
    out = copy.deepcopy(fitted)
    rows: list[dict[str, Any]] = []
    fitted_by_name = {c["output_column_name"]: c for c in out["comparisons"]}
    for old in shipped["comparisons"]:
        name = old["output_column_name"]
        new = fitted_by_name.get(name)
        if new is None or len(new["comparison_levels"]) != len(
            old["comparison_levels"]
        ):
            new = copy.deepcopy(old)
            fitted_by_name[name] = new
        pairs = [
            (a, b)
            for a, b in zip(
                old["comparison_levels"], new["comparison_levels"], strict=True
            )
            if not a.get("is_null_level")
        ]
        kept_all = False
        weights = [
            _weight(b.get("m_probability"), b.get("u_probability")) for _a, b in pairs
        ]
        shipped_weights = [
            _weight(a.get("m_probability"), a.get("u_probability")) for a, _b in pairs
        ]
        kept_all = _collapsed(weights, shipped_weights)
        for (a, b), weight, before in zip(pairs, weights, shipped_weights, strict=True):
            label = a.get("label_for_charts", "")
            reason = ""
            if kept_all:
                reason = "comparison collapsed"
            elif not math.isfinite(weight):
                reason = "not estimated"
            elif math.isfinite(before) and abs(weight - before) > MAX_SHIFT_BITS:
                reason = "moved too far"
            elif abs(before) >= STRONG_BITS and weight * before < 0:
                reason = "changed sign"
            if reason:
                b["m_probability"] = a.get("m_probability")
                b["u_probability"] = a.get("u_probability")
            if label in spec.NEUTRAL_LEVELS and b.get("m_probability"):
                b["u_probability"] = b["m_probability"]
            final = _weight(b.get("m_probability"), b.get("u_probability"))
            rows.append(
                {
                    "comparison": name,
                    "label": label,
                    "m": _round(b.get("m_probability")),
                    "u": _round(b.get("u_probability")),
                    "weight": round(final, 3) if math.isfinite(final) else None,
                    "shipped_weight": round(before, 3)
                    if math.isfinite(before)
                    else None,
                    "kept_shipped": reason,
                }
            )
    out["comparisons"] = [
        fitted_by_name[c["output_column_name"]] for c in shipped["comparisons"]
    ]
    return out, rows


def _collapsed(weights: list[float], shipped: list[float]) -> bool:
    """EM explained something else: the shipped strongest level is no longer strong
    evidence for a match (< 3 bits, or half its shipped weight), or the
    disagreement level became evidence for one."""
    finite = [(w, i) for i, w in enumerate(shipped) if math.isfinite(w)]
    if not finite:
        return False
    best, strongest = max(finite)
    top, last = weights[strongest], weights[-1]
    if not math.isfinite(top) or top < min(STRONG_BITS, best / 2):
        return True
    return math.isfinite(shipped[-1]) and shipped[-1] < 0 and last > 0


def _round(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return float(f"{number:.6g}") if math.isfinite(number) else None


def _pairs(con: Any, table: str, rule: str) -> int:
    """How many pairs a training blocking rule (Splink SQL, ``l.``/``r.``) admits."""
    sql = (
        f"SELECT count(*) FROM {table} AS l JOIN {table} AS r "  # noqa: S608
        f"ON {rule} AND l.unique_id < r.unique_id"
    )
    return int(con.execute(sql).fetchall()[0][0])


def uses_term_frequencies(settings: dict[str, Any]) -> bool:
    """Whether any comparison level is adjusted by term frequencies.

    Without them, each EM iteration's expectation depends on a pair's comparison
    vector alone, and Splink's ``estimate_without_term_frequencies`` runs it once
    per distinct agreement pattern (with its count) instead of once per blocked
    pair: the same estimator, summed in another order (a million-record batch
    spent ~60 CPU seconds iterating over every pair)."""
    return any(
        level.get("tf_adjustment_column")
        for comparison in settings["comparisons"]
        for level in comparison["comparison_levels"]
    )


def fit_model(con: Any, table: str, model: LinkageModel, *, seed: int = SEED) -> Fit:
    """The model fitted to the standardised records of ``table`` (see the module)."""
    from splink import DuckDBAPI, Linker
    from splink.internals.exceptions import SplinkException

    started = time.perf_counter()
    rows = con.execute(f"SELECT count(*) FROM {table}").fetchall()  # noqa: S608
    records = int(rows[0][0])
    card: dict[str, Any] = {
        "shipped_version": model.version,
        "records": records,
        "fitted": False,
    }
    if records < MIN_RECORDS:
        card["reason"] = f"fewer than {MIN_RECORDS} records: shipped model used"
        return Fit(model, card)
    db_api = DuckDBAPI(con)
    frame = db_api.register(table, table_name=f"{table}_fit")
    linker = Linker(frame, copy.deepcopy(model.settings), log_level=logging.WARNING)
    # the sampled pairs in U_CHUNKS parts, every part counted (no early stop): the
    # same u as in one part, without holding all the pairs' comparisons at once
    linker.training.estimate_u_using_random_sampling(
        max_pairs=U_MAX_PAIRS, seed=seed, num_chunks=U_CHUNKS, min_count_per_level=None
    )
    rules = list(model.metadata.get("em_blocking_rules") or spec.training_blocks())
    term_frequencies = uses_term_frequencies(model.settings)
    used, skipped = [], []
    try:
        for rule in rules:
            # a session without pairs leaves Splink's settings broken: count first
            if _pairs(con, table, rule) < MIN_EM_PAIRS:
                skipped.append(rule)
                continue
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule,
                fix_u_probabilities=True,
                estimate_without_term_frequencies=not term_frequencies,
            )
            used.append(rule)
    except SplinkException as exc:
        if out_of_memory(exc):
            raise  # the caller runs again with more memory: never a silent fallback
        card["reason"] = f"EM failed ({type(exc).__name__}): shipped model used"
        return Fit(model, card)
    fitted = linker.misc.save_model_to_json()
    # the prior stays the shipped one (thresholds were chosen with it)
    fitted["probability_two_random_records_match"] = model.settings[
        "probability_two_random_records_match"
    ]
    settings, levels = _guard(model.settings, fitted)
    card.update(
        {
            "fitted": True,
            "u_max_pairs": U_MAX_PAIRS,
            "seed": seed,
            "em_blocking_rules": used,
            "em_rules_without_pairs": skipped,
            "levels": levels,
            "levels_kept_shipped": sum(1 for row in levels if row["kept_shipped"]),
            "seconds": round(time.perf_counter() - started, 2),
        }
    )
    fitted_model = replace(model, version=f"{model.version}+fit", settings=settings)
    return Fit(fitted_model, card)
