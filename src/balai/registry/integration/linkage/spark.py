# SPDX-License-Identifier: EUPL-1.2
"""The linkage on Splink's Spark backend (``BALAI_LINKAGE_ENGINE=spark``).

The same shipped model and the same standardisation as on DuckDB: records are
standardised by DuckDB (``standardise.standardise_sql``, seconds per million rows, or
once into Parquet partitioned by province for a national run, docs/scaling.md), the
standardised table moves to Spark as Arrow, and Splink scores and clusters it there.
The model's SQL is written in DuckDB's dialect; ``spark_settings`` transpiles every
comparison level and blocking rule with sqlglot and maps the two similarity
functions to the UDFs of Splink's Scala jar (``jaro_winkler``,
``damerau_levenshtein``). The household post-rule runs as Spark SQL on the
predictions; clusters are Splink's connected components on Spark.

pyspark is an optional extra (``pip install balai[spark]``); Java 17 must be on the
machine. The session is local (``BALAI_SPARK_MASTER``, default ``local[2]``) unless a
cluster master is given; it is created once per process and reused.
"""

from __future__ import annotations

import copy
import logging
import os
import re
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pandas as pd

from balai.registry.integration.linkage.db import _setting, connection
from balai.registry.integration.linkage.model import LinkageModel

if TYPE_CHECKING:
    from balai.registry.integration.linkage.engine import DedupeResult, LinkageResult

logger = logging.getLogger(__name__)

ENGINES = ("duckdb", "spark")
DEFAULT_MASTER = "local[2]"
# sqlglot's Spark names → the UDFs Splink's jar registers (``get_scala_udfs``)
_FUNCTIONS = (
    (re.compile(r"\bJAROWINKLER_SIMILARITY\(", re.IGNORECASE), "jaro_winkler("),
    (re.compile(r"\bJARO_WINKLER_SIMILARITY\(", re.IGNORECASE), "jaro_winkler("),
    (re.compile(r"\bDAMERAU_LEVENSHTEIN\(", re.IGNORECASE), "damerau_levenshtein("),
)

_session_lock = threading.Lock()
_session: Any = None


class SparkUnavailable(RuntimeError):
    """pyspark is not installed (the ``spark`` extra) or Java cannot start."""


def engine() -> str:
    """The configured engine: ``duckdb`` (default) or ``spark``."""
    value = (_setting("LINKAGE_ENGINE", "duckdb") or "duckdb").strip().lower()
    if value not in ENGINES:
        raise ValueError(
            f"BALAI_LINKAGE_ENGINE must be one of {', '.join(ENGINES)}, not {value!r}"
        )
    return value


def available() -> bool:
    """Is pyspark importable (Java is checked when the session starts)?"""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return False
    return True


def to_spark_sql(sql: str) -> str:
    """A DuckDB SQL expression of the model in Spark SQL (sqlglot + the jar's UDFs)."""
    import sqlglot

    out = sqlglot.transpile(sql, read="duckdb", write="spark")[0]
    for pattern, name in _FUNCTIONS:
        out = pattern.sub(name, out)
    return out


def spark_settings(model: LinkageModel) -> dict[str, Any]:
    """The model's Splink settings with every SQL condition in Spark's dialect."""
    settings = copy.deepcopy(dict(model.settings))
    settings["sql_dialect"] = "spark"
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            condition = level["sql_condition"]
            if condition.strip().upper() != "ELSE":
                level["sql_condition"] = to_spark_sql(condition)
    rules = []
    for rule in settings.get("blocking_rules_to_generate_predictions", []):
        rule = dict(rule)
        rule["blocking_rule"] = to_spark_sql(rule["blocking_rule"])
        rule["sql_dialect"] = "spark"
        rules.append(rule)
    settings["blocking_rules_to_generate_predictions"] = rules
    return settings


def session() -> Any:
    """This process's Spark session with Splink's similarity jar (created once)."""
    global _session
    if not available():
        raise SparkUnavailable(
            "The Spark linkage engine needs pyspark: install the 'spark' extra "
            "(pip install 'balai[spark]') and Java 17."
        )
    with _session_lock:
        if _session is not None and not _session.sparkContext._jsc.sc().isStopped():
            return _session
        from pyspark.sql import SparkSession
        from splink.backends.spark import similarity_jar_location

        # Python workers (the similarity UDFs) run this interpreter
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        master = _setting("SPARK_MASTER", DEFAULT_MASTER) or DEFAULT_MASTER
        partitions = _setting("SPARK_SHUFFLE_PARTITIONS", "8") or "8"
        memory = _setting("SPARK_DRIVER_MEMORY", "2g") or "2g"
        builder = (
            SparkSession.builder.master(master)
            .appName("balai-linkage")
            .config("spark.jars", similarity_jar_location())
            .config("spark.sql.shuffle.partitions", partitions)
            .config("spark.default.parallelism", partitions)
            .config("spark.driver.memory", memory)
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .config("spark.sql.session.timeZone", "UTC")
            # Python workers (the similarity UDFs) run this interpreter, with Balai
            .config("spark.pyspark.python", sys.executable)
            .config("spark.pyspark.driver.python", sys.executable)
        )
        try:
            _session = builder.getOrCreate()
        except Exception as exc:  # Java missing or not starting
            raise SparkUnavailable(f"Spark did not start: {exc}") from exc
        _session.sparkContext.setLogLevel("ERROR")
        logging.getLogger("py4j").setLevel(logging.WARNING)
        return _session


def stop_session() -> None:
    """Stop this process's Spark session (tests, commands that are done)."""
    global _session
    with _session_lock:
        if _session is not None:
            _session.stop()
            _session = None


def standardised(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` standardised by DuckDB exactly as the DuckDB engine does."""
    from balai.registry.integration.linkage.engine import _standardise

    with connection() as con:
        _standardise(con, frame, "records")
        return con.execute("SELECT * FROM records").df()


@contextmanager
def _spark_tables(spark: Any, tables: dict[str, pd.DataFrame]) -> Iterator[list[str]]:
    """The frames as temporary views of names of their own (calls in one session
    never meet), dropped afterwards with what Splink registered for them."""
    token = uuid.uuid4().hex[:8]
    names: list[str] = []
    try:
        for name, frame in tables.items():
            view = f"{name}_{token}"
            spark.createDataFrame(_spark_ready(frame)).createOrReplaceTempView(view)
            names.append(view)
        yield names
    finally:
        for view in names:
            spark.catalog.dropTempView(view)
            spark.catalog.dropTempView(f"{view}_splink")


def _spark_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Nullable integers and dates as Spark reads them from Arrow."""
    out = frame.copy()
    for column in out.columns:
        if str(out[column].dtype).startswith(("Int", "int")):
            out[column] = out[column].astype("Int64")
    return out


def similarity() -> str:
    """``BALAI_SPARK_SIMILARITY``: ``python`` (default) computes Jaro-Winkler and
    Damerau-Levenshtein with rapidfuzz, the library DuckDB's functions come from, in
    vectorised pandas UDFs: the same values as on DuckDB, so the same pairs and
    clusters. ``jar`` keeps the Scala UDFs of Splink's jar (faster; Apache
    commons-text's Jaro-Winkler differs from DuckDB's on a few strings: 3 of 3,321
    pairs in a 20,000-record run scored differently, one cluster changed)."""
    value = (_setting("SPARK_SIMILARITY", "python") or "python").strip().lower()
    if value not in ("python", "jar"):
        raise ValueError("BALAI_SPARK_SIMILARITY must be python or jar")
    return value


def _register_exact_similarity(spark: Any) -> None:
    from pyspark.sql.functions import pandas_udf  # type: ignore[attr-defined]

    # defined here so that they travel to the Python workers by value (the workers
    # of a cluster need pandas and rapidfuzz, not Balai)
    def jaro_winkler(left: pd.Series, right: pd.Series) -> pd.Series:
        from rapidfuzz.distance import JaroWinkler

        values = [
            None if a is None or b is None else JaroWinkler.similarity(a, b)
            for a, b in zip(left, right, strict=True)
        ]
        return pd.Series(pd.array(values, dtype="Float64"))

    def damerau_levenshtein(left: pd.Series, right: pd.Series) -> pd.Series:
        from rapidfuzz.distance import DamerauLevenshtein

        values = [
            None if a is None or b is None else float(DamerauLevenshtein.distance(a, b))
            for a, b in zip(left, right, strict=True)
        ]
        return pd.Series(pd.array(values, dtype="Float64"))

    spark.udf.register("jaro_winkler", pandas_udf(jaro_winkler, "double"))
    spark.udf.register("damerau_levenshtein", pandas_udf(damerau_levenshtein, "double"))


def _linker(spark: Any, tables: list[str], model: LinkageModel) -> tuple[Any, Any]:
    from splink import Linker, SparkAPI

    db_api = SparkAPI(  # type: ignore[no-untyped-call]
        spark_session=spark, break_lineage_method="persist"
    )
    if similarity() == "python":
        _register_exact_similarity(spark)  # after the jar's, which it replaces
    frames = [
        db_api.register(spark.table(name), table_name=f"{name}_splink")
        for name in tables
    ]
    linker = Linker(frames[0], spark_settings(model), log_level=logging.WARNING)
    return linker, frames


def _read(spark: Any, predictions: Any, model: LinkageModel) -> pd.DataFrame:
    """The household post-rule and the threshold in Spark, then the same explanation
    columns as the DuckDB engine."""
    from balai.registry.integration.linkage.engine import _explain, _post_rule_sql

    view = f"balai_predictions_{predictions.physical_name}"
    predictions.as_spark_dataframe().createOrReplaceTempView(view)
    try:
        sql = to_spark_sql(_post_rule_sql(view, model))
        frame = spark.sql(
            f"SELECT * FROM ({sql}) AS ruled "  # noqa: S608 - our own view name
            f"WHERE match_probability >= {float(model.lower)!r}"
        ).toPandas()
    finally:
        spark.catalog.dropTempView(view)
    frame["capped"] = frame["capped"].fillna(False).astype(bool)
    return _explain(frame, model)


def link(
    new: pd.DataFrame,
    register: pd.DataFrame | None,
    model: LinkageModel,
    *,
    fit: bool | None = None,
) -> LinkageResult:
    """``engine.link`` on Spark (fitting, when on, is done by DuckDB on the batch)."""
    from balai.registry.integration.linkage.engine import (
        LinkageResult,
        _empty_pairs,
        _standardise,
        fitting_enabled,
    )
    from balai.registry.integration.linkage.fitting import fit_model

    if new is None or len(new) == 0:
        return LinkageResult(pairs=_empty_pairs(), model=model)
    fit = fitting_enabled() if fit is None else fit
    card: dict[str, Any] = {"fitted": False, "reason": "fitting switched off"}
    with connection() as con:
        _standardise(con, new, "new_records")
        if fit:
            fitted = fit_model(con, "new_records", model)
            model, card = fitted.model, fitted.card
        tables = {"new_records": con.execute("SELECT * FROM new_records").df()}
        if register is not None and len(register):
            _standardise(con, register, "register_records")
            tables["register_records"] = con.execute(
                "SELECT * FROM register_records"
            ).df()
    spark = session()
    parts = []
    with _spark_tables(spark, tables) as names:
        linker, frames = _linker(spark, names, model)
        if len(new) > 1:
            within = linker.inference.predict_within(
                frames[0],
                link_type="dedupe_only",
                threshold_match_probability=model.lower,
                warning_mode="never",
            )
            parts.append(_read(spark, within, model))
        if len(frames) > 1:
            between = linker.inference.predict_between(
                frames[0],
                frames[1],
                link_type="dedupe_only",
                threshold_match_probability=model.lower,
                warning_mode="never",
            )
            parts.append(_read(spark, between, model))
        linker.table_management.delete_tables_created_by_splink_from_db()
    pairs = pd.concat(parts, ignore_index=True) if parts else _empty_pairs()
    return LinkageResult(pairs=pairs, model=model, card=card)


def dedupe(records: pd.DataFrame, model: LinkageModel) -> DedupeResult:
    """``engine.dedupe`` on Spark: pairs and clusters (connected at ``model.upper``)."""
    from balai.registry.integration.linkage.engine import DedupeResult, _clusters

    ids = records["unique_id"].astype(str).to_numpy()
    spark = session()
    with _spark_tables(spark, {"records": standardised(records)}) as names:
        linker, _frames = _linker(spark, names, model)
        try:
            predictions = linker.inference.predict(
                threshold_match_probability=model.lower, warning_mode="never"
            )
            pairs = _read(spark, predictions, model)
        finally:
            linker.table_management.delete_tables_created_by_splink_from_db()
    clusters = _clusters(ids, pairs, lambda p: p["match_probability"] >= model.upper)
    return DedupeResult(pairs=pairs, model=model, clusters=clusters)
