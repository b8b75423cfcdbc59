# SPDX-License-Identifier: EUPL-1.2
"""Linking a staged batch to the register, and deduplicating a source, with Splink.

Each call opens its own DuckDB connection, standardises the records in SQL, scores the
blocked pairs with the saved model (no training), applies the household post-rule and
reads the results fully into pandas before the connection closes. With
``BALAI_LINKAGE_ENGINE=spark`` the same calls score and cluster on Splink's Spark
backend instead (``linkage.spark``; standardisation stays DuckDB's).

The post-rule: a pair with the same birth date and the same household (family card, or
address in the same village) whose given names differ is a twin or a household member
far more often than a duplicate. Such a pair never links automatically: its probability
is capped into the review band, and its explanation says so.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from balai.registry.integration.linkage import spark as spark_engine
from balai.registry.integration.linkage.db import (
    _setting,
    connection,
    out_of_memory,
    run_memory,
)
from balai.registry.integration.linkage.fitting import fit_model
from balai.registry.integration.linkage.model import Band, LinkageModel
from balai.registry.integration.linkage.standardise import (
    INPUT_COLUMNS,
    standardise_sql,
)

logger = logging.getLogger(__name__)

PAIR_COLUMNS = (
    "unique_id_l",
    "unique_id_r",
    "source_l",
    "source_r",
    "match_probability",
    "match_weight",
    "comparisons",
)
POST_RULE = "household_rule"
POST_RULE_LABEL = "Same birth date and household, different given name: review"
HOUSEHOLD_SQL = """
    "dob_std_l" = "dob_std_r"
    AND ("kk_std_l" = "kk_std_r" OR ("village_std_l" = "village_std_r"
        AND jaro_winkler_similarity("address_std_l", "address_std_r") >= 0.9))
    AND "given_l" IS NOT NULL AND "given_r" IS NOT NULL
    AND jaro_winkler_similarity("given_l", "given_r") < 0.8
    AND "name_sorted_l" <> "name_sorted_r"
    AND NOT contains(' ' || "name_std_r" || ' ', ' ' || "given_l" || ' ')
    AND NOT contains(' ' || "name_std_l" || ' ', ' ' || "given_r" || ' ')
"""


@dataclass(frozen=True)
class LinkageResult:
    """Scored pairs (probability >= the model's lower threshold) and the bands."""

    pairs: pd.DataFrame
    model: LinkageModel
    card: dict[str, Any] = field(default_factory=dict)  # fitting (see ``fitting``)

    def classify(self, probability: float) -> Band:
        return self.model.classify(probability)


@dataclass(frozen=True)
class DedupeResult(LinkageResult):
    """Pairs within one table, and its clusters at the automatic threshold."""

    clusters: pd.DataFrame = None  # type: ignore[assignment]


def review_cap(model: LinkageModel) -> float:
    """Where the post-rule puts a capped pair: the middle of the review band."""
    return model.lower + (model.upper - model.lower) / 2


def _text_or_none(values: np.ndarray) -> Any:
    """Each value as a string, None and NaN as None."""
    if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        # strings already (a staged frame's columns): only the missing values change,
        # when they are None or NaN (anything else goes the long way, as str())
        missing = pd.isna(values)
        if all(v is None or isinstance(v, float) for v in values[missing]):
            out = values.copy()
            out[missing] = None
            return out
    return [
        None if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)
        for v in values
    ]


def _records(frame: pd.DataFrame) -> pd.DataFrame:
    """The engine's input columns as strings or None (missing columns become None)."""
    out = pd.DataFrame(index=range(len(frame)))
    for column in INPUT_COLUMNS:
        if column in frame.columns:
            out[column] = _text_or_none(frame[column].astype(object).to_numpy())
        else:
            out[column] = None
    return out.astype(object)


def _standardise(con, frame: pd.DataFrame, name: str) -> None:
    con.register(f"{name}_input", _records(frame))
    con.execute(f"CREATE TABLE {name} AS {standardise_sql(name + '_input')}")
    con.unregister(f"{name}_input")


def _linker(con, tables: list[str], model: LinkageModel):
    from splink import DuckDBAPI, Linker

    db_api = DuckDBAPI(con)
    frames = [db_api.register(table, table_name=f"{table}_splink") for table in tables]
    # the model is a dedupe model; other tables are scored through predict_between
    linker = Linker(frames[0], dict(model.settings), log_level=logging.WARNING)
    return linker, frames


def _levels(model: LinkageModel) -> dict[str, dict[int, tuple[str, float]]]:
    """Comparison → gamma value → (label, log2 Bayes factor), from the saved m and u."""
    table: dict[str, dict[int, tuple[str, float]]] = {}
    for comparison in model.settings["comparisons"]:
        levels = comparison["comparison_levels"]
        non_null = [level for level in levels if not level.get("is_null_level")]
        lookup: dict[int, tuple[str, float]] = {}
        for index, level in enumerate(non_null):
            m = level.get("m_probability")
            u = level.get("u_probability")
            weight = math.log2(m / u) if m and u else 0.0
            lookup[len(non_null) - 1 - index] = (
                level.get("label_for_charts", ""),
                weight,
            )
        null = next((lvl for lvl in levels if lvl.get("is_null_level")), None)
        lookup[-1] = (
            null.get("label_for_charts", "Missing") if null else "Missing",
            0.0,
        )
        table[comparison["output_column_name"]] = lookup
    return table


def _post_rule_sql(predictions: str, model: LinkageModel) -> str:
    cap = review_cap(model)
    gammas = ", ".join(
        f'"gamma_{c["output_column_name"]}"' for c in model.settings["comparisons"]
    )
    # table names are the engine's own; thresholds are floats from the artefact
    return f"""
        WITH flagged AS (
            SELECT unique_id_l, unique_id_r, source_l, source_r, match_probability,
                   {gammas}, coalesce({HOUSEHOLD_SQL}, false) AS capped
            FROM {predictions}
        )
        SELECT unique_id_l, unique_id_r, source_l, source_r, {gammas}, capped,
            CASE WHEN capped AND match_probability >= {model.upper}
                 THEN {cap} ELSE match_probability END AS match_probability,
            match_probability AS model_probability
        FROM flagged
    """  # noqa: S608


def _explain(frame: pd.DataFrame, model: LinkageModel) -> pd.DataFrame:
    """Turn gamma columns into the review screen's list of comparisons per pair."""
    levels = _levels(model)
    columns = []
    for name, lookup in levels.items():
        gamma = frame[f"gamma_{name}"].to_numpy()
        columns.append(
            [
                {
                    "comparison": name,
                    "label": lookup.get(int(g), ("", 0.0))[0],
                    "weight": round(lookup.get(int(g), ("", 0.0))[1], 3),
                }
                for g in gamma
            ]
        )
    capped = frame["capped"].to_numpy(dtype=bool)
    model_p = frame["model_probability"].to_numpy(dtype=float)
    new_p = frame["match_probability"].to_numpy(dtype=float)
    explained = (
        [list(items) for items in zip(*columns, strict=True)]
        if columns
        else [[] for _ in range(len(frame))]
    )
    for index in np.flatnonzero(capped & (new_p < model_p)):
        explained[index].append(
            {
                "comparison": POST_RULE,
                "label": POST_RULE_LABEL,
                "weight": round(_weight(new_p[index]) - _weight(model_p[index]), 3),
            }
        )
    out = frame[
        [
            "unique_id_l",
            "unique_id_r",
            "source_l",
            "source_r",
            "match_probability",
            "capped",
        ]
    ].copy()
    out["match_probability"] = out["match_probability"].astype(float)
    out["match_weight"] = [_weight(p) for p in new_p]
    out["comparisons"] = explained
    return out[[*PAIR_COLUMNS, "capped"]].reset_index(drop=True)


def _weight(probability: float) -> float:
    p = min(max(float(probability), 1e-300), 1 - 1e-16)
    return math.log2(p / (1 - p))


def _read(con, predictions: str, model: LinkageModel) -> pd.DataFrame:
    sql = _post_rule_sql(predictions, model)
    frame = con.execute(
        f"SELECT * FROM ({sql}) WHERE match_probability >= ?",  # noqa: S608
        [model.lower],
    ).df()  # read fully: nothing left half-read
    return _explain(frame, model)


def _empty_pairs() -> pd.DataFrame:
    return pd.DataFrame(
        {column: pd.Series(dtype=object) for column in (*PAIR_COLUMNS, "capped")}
    )


def fitting_enabled() -> bool:
    """``BALAI_LINKAGE_FIT`` (default on): fit the model to each batch it links."""
    value = (_setting("LINKAGE_FIT", "true") or "true").strip().lower()
    return value not in {"0", "false", "no", "off"}


def link(
    new: pd.DataFrame,
    register: pd.DataFrame,
    model: LinkageModel,
    *,
    fit: bool | None = None,
) -> LinkageResult:
    """Pairs new↔register and new↔new at or above ``model.lower`` (never reg↔reg).

    With ``fit`` (default: ``fitting_enabled()``) the model is first fitted to the
    new records (``fitting.fit_model``); the result's ``card`` says what was done.
    """
    if new is None or len(new) == 0:
        return LinkageResult(pairs=_empty_pairs(), model=model)
    if spark_engine.engine() == "spark":
        return spark_engine.link(new, register, model, fit=fit)
    fit = fitting_enabled() if fit is None else fit
    records = len(new) + (0 if register is None else len(register))
    limit = run_memory(records)
    try:
        return _link(new, register, model, fit=fit, memory=limit)
    except Exception as exc:
        if not out_of_memory(exc) or _setting("LINKAGE_MEMORY", None):
            raise
        logger.warning(
            "linkage: %s records needed more than DuckDB's %s; running again "
            "without a limit (set LINKAGE_MEMORY)",
            records,
            limit,
        )
        return _link(new, register, model, fit=fit, memory=None)


def _link(
    new: pd.DataFrame,
    register: pd.DataFrame,
    model: LinkageModel,
    *,
    fit: bool,
    memory: str | None,
) -> LinkageResult:
    card: dict[str, Any] = {"fitted": False, "reason": "fitting switched off"}
    with connection(memory=memory) as con:
        _standardise(con, new, "new_records")
        if fit:
            fitted = fit_model(con, "new_records", model)
            model, card = fitted.model, fitted.card
        tables = ["new_records"]
        if register is not None and len(register):
            _standardise(con, register, "register_records")
            tables.append("register_records")
        linker, frames = _linker(con, tables, model)
        parts = []
        if len(new) > 1:
            within = linker.inference.predict_within(
                frames[0],
                link_type="dedupe_only",
                threshold_match_probability=model.lower,
                warning_mode="never",
            )
            parts.append(_read(con, within.physical_name, model))
        if len(frames) > 1:
            between = linker.inference.predict_between(
                frames[0],
                frames[1],
                link_type="dedupe_only",
                threshold_match_probability=model.lower,
                warning_mode="never",
            )
            parts.append(_read(con, between.physical_name, model))
    pairs = pd.concat(parts, ignore_index=True) if parts else _empty_pairs()
    return LinkageResult(pairs=pairs, model=model, card=card)


def _clusters(
    ids: np.ndarray, pairs: pd.DataFrame, keep: Callable[[pd.DataFrame], Any]
):
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    index = pd.Index(ids)
    chosen = pairs[keep(pairs)]
    left = index.get_indexer(chosen["unique_id_l"])
    right = index.get_indexer(chosen["unique_id_r"])
    graph = coo_matrix((np.ones(len(left)), (left, right)), shape=(len(ids), len(ids)))
    _count, labels = connected_components(graph, directed=False)
    return pd.DataFrame({"unique_id": ids, "cluster_id": labels})


def dedupe(records: pd.DataFrame, model: LinkageModel) -> DedupeResult:
    """Pairs within ``records`` and clusters (connected at ``model.upper``)."""
    ids = records["unique_id"].astype(str).to_numpy()
    if len(records) < 2:
        return DedupeResult(
            pairs=_empty_pairs(),
            model=model,
            clusters=pd.DataFrame(
                {"unique_id": ids, "cluster_id": np.arange(len(ids))}
            ),
        )
    if spark_engine.engine() == "spark":
        return spark_engine.dedupe(records, model)
    with connection() as con:
        _standardise(con, records, "records")
        linker, _frames = _linker(con, ["records"], model)
        predictions = linker.inference.predict(
            threshold_match_probability=model.lower, warning_mode="never"
        )
        pairs = _read(con, predictions.physical_name, model)
    clusters = _clusters(ids, pairs, lambda p: p["match_probability"] >= model.upper)
    return DedupeResult(pairs=pairs, model=model, clusters=clusters)
