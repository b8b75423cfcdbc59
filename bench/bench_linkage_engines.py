# SPDX-License-Identifier: EUPL-1.2
"""Linkage per core: the same dedupe on DuckDB and on Spark, one and two cores.

Generates N records (``BALAI_BENCH_ENGINES_N``, default 20,000; ~15 % duplicates),
then times ``dedupe`` with the shipped model: DuckDB with 1 and 2 threads, Spark
``local[1]`` and ``local[2]`` (each Spark run after a warm-up run on 200 records in
the same session, so JVM start-up is not counted). Every part runs in its own
interpreter. Reports records/s and records/s per core, and whether both engines found
the same clusters. Needs the ``spark`` extra (pyspark) and Java 17 for the Spark rows;
without them only the DuckDB rows are printed. docs/scaling.md uses these figures.

    python bench/bench_linkage_engines.py            # prints the rows as JSON
"""

from __future__ import annotations

TIMEOUT_SECONDS = 3600

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import serving  # noqa: E402

MARK = "ENGINES-PART:"


def _child(*args: str, env: dict[str, str] | None = None) -> dict:
    return serving.run_part(__file__, MARK, *args, env=env)


def _partition(clusters) -> list[list[str]]:
    groups = clusters.groupby("cluster_id")["unique_id"].apply(list)
    return sorted(sorted(g) for g in groups)


def part(name: str, path: str, cores: str) -> None:
    import pandas as pd

    from balai.registry.integration.linkage import load_model

    records = pd.read_parquet(path)
    model = load_model()
    if name == "duckdb":
        os.environ["BALAI_LINKAGE_THREADS"] = cores
        from balai.registry.integration.linkage.engine import dedupe
    else:
        os.environ["BALAI_SPARK_MASTER"] = f"local[{cores}]"
        os.environ["BALAI_SPARK_SHUFFLE_PARTITIONS"] = str(4 * int(cores))
        from balai.registry.integration.linkage.spark import dedupe

        dedupe(records.head(200), model)  # start the JVM, load the jar
    started = time.perf_counter()
    result = dedupe(records, model)
    seconds = time.perf_counter() - started
    clusters = _partition(result.clusters)
    digest = hash(tuple(tuple(g) for g in clusters if len(g) > 1))
    print(
        MARK
        + json.dumps(
            {"seconds": seconds, "pairs": len(result.pairs), "clusters": digest}
        )
    )


def run() -> list[dict]:
    from balai.registry.integration.synthetic import generate

    n = int(os.environ.get("BALAI_BENCH_ENGINES_N", "20000"))
    rows: list[dict] = []
    try:
        import pyspark  # noqa: F401

        engines = ("duckdb", "spark")
    except ImportError:
        engines = ("duckdb",)
    with tempfile.TemporaryDirectory(prefix="balai-bench-engines-") as folder:
        path = str(Path(folder) / "records.parquet")
        records = generate(n, seed=2026).drop(columns=["person_id"])
        records.to_parquet(path)
        digests = set()
        for engine in engines:
            for cores in ("1", "2"):
                found = _child("part", engine, path, cores, env={"PYTHONHASHSEED": "0"})
                digests.add(found["clusters"])
                rows.append(
                    {
                        "name": f"{engine} dedupe {n:,} records, {cores} core(s)",
                        "value": round(n / found["seconds"], 1),
                        "unit": "records/s",
                        "per_core": round(n / found["seconds"] / int(cores), 1),
                        "seconds": round(found["seconds"], 1),
                        "pairs": found["pairs"],
                    }
                )
        rows.append(
            {
                "name": "same clusters on every engine and core count",
                "value": len(digests) == 1,
                "unit": "",
            }
        )
    return rows


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "part":
        part(*sys.argv[2:5])
    else:
        print(json.dumps(run(), indent=2))
