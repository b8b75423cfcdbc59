# SPDX-License-Identifier: EUPL-1.2
"""The linkage on Splink's Spark backend gives what it gives on DuckDB.

The same generated records (with known duplicates) and the register-style cases go
through ``dedupe`` and ``link`` on both engines: the scored pairs, their probabilities
and the clusters must be the same. Spark runs locally (``local[2]``) with Splink's
similarity jar; the tests are skipped, saying why, without pyspark (the ``spark``
extra) or Java.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pandas as pd
import pytest

from balai.registry.integration.linkage import load_model
from balai.registry.integration.linkage import spark as spark_engine
from balai.registry.integration.linkage.engine import dedupe, link
from balai.registry.integration.synthetic import generate

needs_spark = pytest.mark.skipif(
    not spark_engine.available() or shutil.which("java") is None,
    reason="the Spark engine needs pyspark (pip install 'balai[spark]') and Java 17",
)


def _partition(clusters: pd.DataFrame) -> list[list[str]]:
    groups = clusters.groupby("cluster_id")["unique_id"].apply(list)
    return sorted(sorted(group) for group in groups)


def _pairs(result) -> pd.DataFrame:
    columns = ["unique_id_l", "unique_id_r", "match_probability", "capped"]
    frame = result.pairs[columns].copy()
    swap = frame["unique_id_l"] > frame["unique_id_r"]
    frame.loc[swap, ["unique_id_l", "unique_id_r"]] = frame.loc[
        swap, ["unique_id_r", "unique_id_l"]
    ].to_numpy()
    return frame.sort_values(["unique_id_l", "unique_id_r"]).reset_index(drop=True)


def test_the_model_sql_is_translated_to_spark() -> None:
    sql = spark_engine.to_spark_sql(
        'damerau_levenshtein("name_std_l", "name_std_r") <= 1 '
        'AND jaro_winkler_similarity("given_l", "given_r") >= 0.8'
    )
    assert sql == (
        "damerau_levenshtein(`name_std_l`, `name_std_r`) <= 1 "
        "AND jaro_winkler(`given_l`, `given_r`) >= 0.8"
    )
    settings = spark_engine.spark_settings(load_model())
    conditions = [
        level["sql_condition"]
        for comparison in settings["comparisons"]
        for level in comparison["comparison_levels"]
    ]
    assert not any('"' in condition for condition in conditions)
    assert not any("jaro_winkler_similarity" in c.lower() for c in conditions)
    assert settings["sql_dialect"] == "spark"


def test_the_engine_is_a_setting_and_a_wrong_one_is_refused(settings) -> None:
    settings.LINKAGE_ENGINE = "duckdb"
    assert spark_engine.engine() == "duckdb"
    settings.LINKAGE_ENGINE = "Spark "
    assert spark_engine.engine() == "spark"
    settings.LINKAGE_ENGINE = "oracle"
    with pytest.raises(ValueError, match="BALAI_LINKAGE_ENGINE"):
        spark_engine.engine()


@pytest.fixture(scope="module")
def spark() -> Iterator[None]:
    """One Spark session for the module. Two shuffle partitions on ``local[2]``
    (8 by default, sized for a cluster): these frames are small, and every extra
    partition is one more task feeding the Python similarity UDFs. The results do
    not depend on it; the tests compare them with DuckDB's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BALAI_SPARK_SHUFFLE_PARTITIONS", "2")
        yield
        spark_engine.stop_session()


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    return generate(400, seed=11).drop(columns=["person_id"])


@needs_spark
def test_dedupe_on_spark_finds_the_same_pairs_and_clusters(
    spark: None, records: pd.DataFrame, settings
) -> None:
    settings.SPARK_MASTER = "local[2]"
    model = load_model()
    settings.LINKAGE_ENGINE = "duckdb"
    on_duckdb = dedupe(records, model)
    settings.LINKAGE_ENGINE = "spark"
    on_spark = dedupe(records, model)  # the setting picks the engine
    assert spark_engine._session is not None

    assert len(on_duckdb.pairs) > 20  # the data has duplicates to find
    duck, sparked = _pairs(on_duckdb), _pairs(on_spark)
    assert duck[["unique_id_l", "unique_id_r", "capped"]].equals(
        sparked[["unique_id_l", "unique_id_r", "capped"]]
    )
    assert (duck["match_probability"] - sparked["match_probability"]).abs().max() < 1e-9
    assert _partition(on_duckdb.clusters) == _partition(on_spark.clusters)
    assert any(len(group) > 1 for group in _partition(on_spark.clusters))


@needs_spark
def test_link_on_spark_matches_duckdb(
    spark: None, records: pd.DataFrame, settings
) -> None:
    model = load_model()
    register = records.iloc[:300].assign(source="register")
    new = records.iloc[300:]
    settings.LINKAGE_ENGINE = "duckdb"
    on_duckdb = link(new, register, model, fit=True)
    settings.LINKAGE_ENGINE = "spark"
    on_spark = link(new, register, model, fit=True)
    assert on_duckdb.card == on_spark.card  # fitted the same way (by DuckDB)
    assert len(on_duckdb.pairs) > 0
    duck, sparked = _pairs(on_duckdb), _pairs(on_spark)
    assert duck[["unique_id_l", "unique_id_r", "capped"]].equals(
        sparked[["unique_id_l", "unique_id_r", "capped"]]
    )
    assert (duck["match_probability"] - sparked["match_probability"]).abs().max() < 1e-9
    explained = on_spark.pairs["comparisons"].iloc[0]
    assert {item["comparison"] for item in explained} >= {"nik", "full_name"}
