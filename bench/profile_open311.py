# SPDX-License-Identifier: EUPL-1.2
"""CPU per uncached Open311 list answer, the database's encoding against Python's.

Prepares ``--reports`` reports as ``bench_reports`` makes them (same generator, a
throwaway SQLite database), turns the per-process entry store off (every entry is
encoded for each answer: the bench's cold window) and the answer cache off, then
alternates, ``--rounds`` times, ``--answers`` answers of the bench's distinct
query strings encoded by the database (``sqlencode``) and by Python
(``fastlist``), printing the CPU time (``time.process_time``) per answer, per
ping, and their ratio:

    .venv/bin/python bench/profile_open311.py [--reports 20000] [--size 1000]

``--profile`` adds a cProfile of the database-encoded answers (top 25 by own time).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _cpu_per_call(client: object, paths: list[str]) -> float:
    started = time.process_time()
    for path in paths:
        response = client.get(path)  # type: ignore[attr-defined]
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code}")
    return (time.process_time() - started) / len(paths) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=20_000)
    parser.add_argument("--size", type=int, choices=[50, 1000], default=1000)
    parser.add_argument("--answers", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    os.environ["BALAI_BENCH_REPORTS"] = str(args.reports)
    with tempfile.TemporaryDirectory(prefix="balai-profile-open311-") as var_dir:
        import bench_reports
        import serving

        os.environ.update(bench_reports._environment(var_dir))
        os.environ["BALAI_OPEN311_ROW_CACHE_SIZE"] = "0"
        os.environ["BALAI_OPEN311_CACHE_SECONDS"] = "0"
        import django

        django.setup()
        serving.migrate()
        from django.db import connection
        from django.test import Client

        from balai.reports.api.open311 import lists

        started = time.perf_counter()
        bench_reports._populate()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"{args.reports} reports inserted in {time.perf_counter() - started:.1f} s"
        )
        paths = bench_reports.distinct_paths(args.size, count=0, seed=3)
        client = Client(HTTP_HOST="localhost")
        for path in paths[:5] + [serving.PING] * 50:  # warm up
            client.get(path)
        used = 5
        print(f"load average {os.getloadavg()[0]:.1f}; CPU ms per answer:")
        for number in range(args.rounds):
            ping = _cpu_per_call(client, [serving.PING] * 300)
            figures = {}
            for database in (True, False):
                lists.DATABASE_ENCODES = database
                batch = paths[used : used + args.answers]
                used += args.answers
                figures[database] = _cpu_per_call(client, batch)
            print(
                f"round {number + 1}: database {figures[True]:.2f} ms "
                f"(ratio {ping / figures[True]:.3f}), python {figures[False]:.2f} ms "
                f"(ratio {ping / figures[False]:.3f}), ping {ping:.2f} ms; "
                f"load {os.getloadavg()[0]:.1f}"
            )
        if args.profile:
            lists.DATABASE_ENCODES = True
            profiler = cProfile.Profile(time.process_time)
            profiler.runcall(_cpu_per_call, client, paths[used : used + args.answers])
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
